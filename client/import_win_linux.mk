## client/ import: Windows rasphone.pbk, PowerShell, Linux how-to (ipsec.conf, xl2tpd.conf).
