## client/ supervisor: one connection from profile to PPP up, control socket, state.
client_libl2sec_client_la_SOURCES += \
	client/control.c client/control.h \
	client/supervisor.c client/supervisor.h
