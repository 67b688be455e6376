/*
 * profile-equal.c — for check-import's round trips: load two profiles (secret files read)
 * and compare them with l2sec_profile_equal(); on a difference print both canonical texts.
 * A description absent from the first profile may be the first profile's name in the
 * second: exporters must name a connection, and use the profile's name when it has no
 * description. Exit 0 equal, 1 different, 2 a profile does not load.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "client/import.h"

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: profile-equal A.conf B.conf\n");
		return 2;
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) a = l2sec_profile_load_file(argv[1], 0, NULL, &error);
	if (a == NULL) {
		fprintf(stderr, "profile-equal: %s\n", error->message);
		return 2;
	}
	g_autoptr(L2secProfile) b = l2sec_profile_load_file(argv[2], 0, NULL, &error);
	if (b == NULL) {
		fprintf(stderr, "profile-equal: %s\n", error->message);
		return 2;
	}
	if (a->description == NULL && b->description != NULL &&
	    strcmp(b->description, a->name) == 0)
		g_clear_pointer(&b->description, g_free);
	if (l2sec_profile_equal(a, b))
		return 0;
	g_autoptr(GString) ta = l2sec_profile_to_text(a, true);
	g_autoptr(GString) tb = l2sec_profile_to_text(b, true);
	fprintf(stderr, "--- %s\n%s--- %s\n%s", argv[1], ta->str, argv[2], tb->str);
	return 1;
}
