/*
 * ikev1_codec.h — includes the ISAKMP codec and the IKE crypto headers in one
 * translation unit. isakmp.h and ike_cipher.h/ike_prf.h/ike_proposal.h both
 * declare IKE_ENCR_3DES_CBC, IKE_ENCR_AES_CBC, IKE_HASH_MD5, IKE_HASH_SHA1
 * and IKE_AUTH_PSK (same values), which C rejects as redeclared
 * enumerators; the exchanges need both, so the codec's copies are renamed
 * here while isakmp.h is read. The crypto headers' names win (same values).
 * Include this instead of the two families wherever both are needed.
 */
#ifndef L2SEC_IPSEC_IKEV1_CODEC_H
#define L2SEC_IPSEC_IKEV1_CODEC_H

#define IKE_ENCR_3DES_CBC ISAKMP_ATTR_ENCR_3DES_CBC_
#define IKE_ENCR_AES_CBC ISAKMP_ATTR_ENCR_AES_CBC_
#define IKE_HASH_MD5 ISAKMP_ATTR_HASH_MD5_
#define IKE_HASH_SHA1 ISAKMP_ATTR_HASH_SHA1_
#define IKE_AUTH_PSK ISAKMP_ATTR_AUTH_PSK_
#include "ipsec/isakmp.h"
#include "ipsec/isakmp_header.h"
#include "ipsec/isakmp_sa.h"
#include "ipsec/isakmp_payload.h"
#include "ipsec/isakmp_message.h"
#include "ipsec/isakmp_vendor.h"
#undef IKE_ENCR_3DES_CBC
#undef IKE_ENCR_AES_CBC
#undef IKE_HASH_MD5
#undef IKE_HASH_SHA1
#undef IKE_AUTH_PSK

#include "ipsec/ike_cipher.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_prf.h"
#include "ipsec/ike_proposal.h"
#include "ipsec/ikev1_keys.h"

#endif
