## l2tp/ codec: L2TPv2 header, AVPs, hidden AVPs, messages (issue 5, part 1)
l2tp_codec_sources += \
	l2tp/l2tp_header.c l2tp/l2tp_header.h \
	l2tp/l2tp_avp.c l2tp/l2tp_avp.h \
	l2tp/l2tp_hidden.c l2tp/l2tp_hidden.h \
	l2tp/l2tp_message.c l2tp/l2tp_message.h \
	l2tp/l2tp_result.c l2tp/l2tp_result.h
