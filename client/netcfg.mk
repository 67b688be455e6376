## client/ netcfg: routes (libnl-route) and DNS (resolved, resolvconf, resolv.conf).
