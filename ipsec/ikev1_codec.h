/*
 * ikev1_codec.h — everything the IKEv1 exchanges use in one include: the
 * ISAKMP codec and the IKE crypto (the RFC 2409 App. A numbers are defined
 * once, in isakmp.h, ike_cipher.h and ike_prf.h).
 */
#ifndef L2SEC_IPSEC_IKEV1_CODEC_H
#define L2SEC_IPSEC_IKEV1_CODEC_H

#include "ipsec/isakmp.h"
#include "ipsec/isakmp_header.h"
#include "ipsec/isakmp_sa.h"
#include "ipsec/isakmp_payload.h"
#include "ipsec/isakmp_message.h"
#include "ipsec/isakmp_vendor.h"

#include "ipsec/ike_cipher.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_prf.h"
#include "ipsec/ike_proposal.h"
#include "ipsec/ikev1_keys.h"

#endif
