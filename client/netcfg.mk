## client/ netcfg: routes (libnl-route) and DNS (resolved, resolvconf, resolv.conf).
client_libl2sec_client_la_SOURCES += \
	client/netcfg.c client/netcfg.h client/netcfg_private.h \
	client/netcfg_route.c client/netcfg_dns.c client/netcfg_state.c
