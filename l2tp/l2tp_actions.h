/*
 * l2tp_actions.h — what the L2TP control engine (l2tp_tunnel.h, l2tp_session.h,
 * l2tp_reliable.h) asks its edge to do. The engine does no I/O: each call
 * appends actions to an L2tpActions list, which the caller runs in order and
 * then clears. The list owns the bytes and errors it holds.
 *
 *   SEND        send `bytes` (one whole L2TP control datagram) to the server
 *   TIMER       call l2tp_tunnel_on_timer() at `deadline_ms` (absolute, on the
 *               same monotonic clock as the now_ms passed in); a later TIMER
 *               replaces an earlier one; L2TP_NO_DEADLINE disarms it
 *   TUNNEL_UP   the control connection is established: create the kernel tunnel
 *               (local_tunnel_id, peer_tunnel_id)
 *   SESSION_UP  the call is established: create the kernel session and start pppd
 *               (all four ids)
 *   SESSION_DOWN the call is over: delete the kernel session, stop pppd
 *   CLOSED      the connection is going away; `error` says why (NULL when the
 *               supervisor asked for it). Reported once. The engine may still
 *               send (StopCCN, acknowledgements) until DONE.
 *   DONE        nothing left to send or wait for: close the socket, free the tunnel
 *
 * Helpers are static inline so the three engine modules share them without a
 * source file of their own.
 */
#ifndef L2SEC_L2TP_L2TP_ACTIONS_H
#define L2SEC_L2TP_L2TP_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#define L2TP_NO_DEADLINE ((int64_t)-1)

typedef enum {
	L2TP_ACTION_SEND,
	L2TP_ACTION_TIMER,
	L2TP_ACTION_TUNNEL_UP,
	L2TP_ACTION_SESSION_UP,
	L2TP_ACTION_SESSION_DOWN,
	L2TP_ACTION_CLOSED,
	L2TP_ACTION_DONE,
} L2tpActionType;

typedef struct L2tpAction {
	L2tpActionType type;
	GBytes *bytes;                              /* SEND */
	int64_t deadline_ms;                        /* TIMER */
	uint16_t local_tunnel_id, peer_tunnel_id;   /* TUNNEL_UP, SESSION_UP/DOWN */
	uint16_t local_session_id, peer_session_id; /* SESSION_UP/DOWN */
	GError *error;                              /* CLOSED; NULL for a requested close */
} L2tpAction;

typedef struct L2tpActions {
	GArray *items; /* L2tpAction */
} L2tpActions;

static inline void
l2tp_action_clear(gpointer p)
{
	L2tpAction *a = p;
	g_clear_pointer(&a->bytes, g_bytes_unref);
	g_clear_error(&a->error);
}

/* A new, empty list. */
static inline L2tpActions *
l2tp_actions_new(void)
{
	L2tpActions *l = g_new0(L2tpActions, 1);
	l->items = g_array_new(false, true, sizeof(L2tpAction));
	g_array_set_clear_func(l->items, l2tp_action_clear);
	return l;
}

/* Free the list and what its actions hold; NULL is fine. */
static inline void
l2tp_actions_free(L2tpActions *l)
{
	if (l == NULL)
		return;
	g_array_free(l->items, true);
	g_free(l);
}

/* Drop every action, once the edge has run them. */
static inline void
l2tp_actions_clear(L2tpActions *l)
{
	g_array_set_size(l->items, 0);
}

static inline guint
l2tp_actions_len(const L2tpActions *l)
{
	return l->items->len;
}

static inline L2tpAction *
l2tp_actions_get(const L2tpActions *l, guint i)
{
	g_return_val_if_fail(i < l->items->len, NULL);
	return &g_array_index(l->items, L2tpAction, i);
}

/* Append an action of `type` with every other field zero and return it. */
static inline L2tpAction *
l2tp_actions_add(L2tpActions *l, L2tpActionType type)
{
	L2tpAction a = {.type = type, .deadline_ms = L2TP_NO_DEADLINE};
	g_array_append_val(l->items, a);
	return &g_array_index(l->items, L2tpAction, l->items->len - 1);
}

/* Append a SEND of a copy of len bytes at data. */
static inline void
l2tp_actions_add_send(L2tpActions *l, const uint8_t *data, size_t len)
{
	l2tp_actions_add(l, L2TP_ACTION_SEND)->bytes = g_bytes_new(data, len);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpActions, l2tp_actions_free)

#endif
