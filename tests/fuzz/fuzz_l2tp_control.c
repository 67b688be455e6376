/*
 * fuzz_l2tp_control.c — arbitrary datagrams and timer events into an L2TP
 * tunnel (l2tp/l2tp_tunnel.c, with its session and reliable delivery) that has
 * sent SCCRQ. The input is a script:
 *
 *   byte 0        configuration: bit 0 a tunnel secret ("l2tpvectors", the
 *                 secret of tests/vectors/l2tp/), bits 1-2 the tunnel/session
 *                 ids: 0 = 62608/33765 (plain-*), 1 = 5930/27181 (chal-*),
 *                 2 = 60811/1 (bad-*), 3 = 11168/10801 (the
 *                 LAC's ids in chal-*, hidden-*: server-bound messages)
 *   then records  op byte: op % 4 == 0: the timer fires, at the armed deadline
 *                 or, when none is armed, 100 ms × the next byte later (that
 *                 byte follows either way);
 *                 op % 4 == 1: the supervisor closes; otherwise a datagram
 *                 of (2-byte big-endian length) bytes follows (cut at the end)
 *
 * Checked: never a crash (ASan/UBSan do the rest); the GError contract of
 * CLOSED (one at most, NULL only after our close, else an L2SEC_L2TP_ERROR
 * with a message); everything we send decodes and validates; nothing is sent
 * after DONE. Seeds: the xl2tpd server
 * datagrams of tests/vectors/l2tp/ wrapped in this format, and server
 * messages (StopCCN, CDN, HELLO, WEN, SLI, unknown M-bit AVP) built likewise.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "common/wire.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_tunnel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Check {
	bool closed, done, asked_close;
	int64_t now;
} Check;

static void
check_actions(Check *k, L2tpActions *a, const L2secSecret *secret)
{
	for (guint i = 0; i < l2tp_actions_len(a); i++) {
		const L2tpAction *x = l2tp_actions_get(a, i);
		switch (x->type) {
		case L2TP_ACTION_SEND: {
			g_assert(!k->done);
			gsize len;
			const uint8_t *p = g_bytes_get_data(x->bytes, &len);
			g_autoptr(GError) error = NULL;
			g_autoptr(L2tpMessage) m = l2tp_message_decode(p, len, secret, &error);
			g_assert(m != NULL);
			g_assert(l2tp_message_validate(m, &error));
			break;
		}
		case L2TP_ACTION_TIMER:
			/* may be past: the edge then fires at once */
			g_assert(x->deadline_ms == L2TP_NO_DEADLINE || x->deadline_ms >= 0);
			break;
		case L2TP_ACTION_CLOSED:
			g_assert(!k->closed);
			k->closed = true;
			if (x->error == NULL)
				g_assert(k->asked_close);
			else
				g_assert(x->error->domain == L2SEC_L2TP_ERROR &&
					 x->error->message[0] != '\0');
			break;
		case L2TP_ACTION_DONE:
			g_assert(!k->done && k->closed);
			k->done = true;
			break;
		case L2TP_ACTION_TUNNEL_UP:
		case L2TP_ACTION_SESSION_UP:
		case L2TP_ACTION_SESSION_DOWN:
			g_assert(!k->done && x->local_tunnel_id != 0);
			break;
		}
	}
	l2tp_actions_clear(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		uint16_t tunnel, session;
	} ids[] = {{62608, 33765}, {5930, 27181}, {60811, 1}, {11168, 10801}};
	static const char secret_text[] = "l2tpvectors";
	L2secSecret secret = {(uint8_t *)secret_text, sizeof(secret_text) - 1};
	WireCursor c;
	uint8_t cfg = 0, op;
	L2tpTunnelConfig conf;
	Check k = {.now = 1000};

	wire_init(&c, data, size);
	if (!wire_get_u8(&c, &cfg))
		return 0;
	l2tp_tunnel_config_init(&conf);
	conf.secret = (cfg & 1) ? &secret : NULL;
	conf.local_tunnel_id = ids[(cfg >> 1) & 3].tunnel;
	conf.local_session_id = ids[(cfg >> 1) & 3].session;
	conf.hide_avps = conf.secret != NULL && (cfg & 8) != 0; /* RFC 2661 §4.3 on send */
	g_autoptr(L2tpTunnel) t = l2tp_tunnel_new(&conf);
	g_autoptr(L2tpActions) a = l2tp_actions_new();

	l2tp_tunnel_open(t, k.now, a);
	check_actions(&k, a, conf.secret);
	while (wire_get_u8(&c, &op)) {
		switch (op % 4) {
		case 0: {
			int64_t d = l2tp_tunnel_get_deadline(t);
			uint8_t later = 1;
			if (!wire_get_u8(&c, &later))
				later = 1;
			if (d == L2TP_NO_DEADLINE)
				d = k.now + 100 * (int64_t)later;
			k.now = MAX(k.now, d);
			l2tp_tunnel_on_timer(t, k.now, a);
			break;
		}
		case 1:
			k.asked_close = true;
			l2tp_tunnel_close(t, k.now, a);
			break;
		default: {
			uint16_t len = 0;
			const uint8_t *p = NULL;
			if (!wire_get_u16(&c, &len))
				len = 0;
			len = (uint16_t)MIN(len, wire_left(&c));
			if (!wire_get_ptr(&c, &p, len))
				p = NULL;
			/* a copy of exactly len bytes: ASan sees reads past the datagram */
			g_autofree uint8_t *dgram = g_memdup2(p, len);
			l2tp_tunnel_receive(t, dgram, len, k.now, a);
			k.now += 10;
			break;
		}
		}
		check_actions(&k, a, conf.secret);
	}
	return 0;
}
