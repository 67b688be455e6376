Add-VpnConnection -Name X -ServerAddress vpn.example.com -TunnelType L2tp -L2tpPsk abc
<# a block comment
   that never ends
