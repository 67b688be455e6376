Add-VpnConnection -Name X -ServerAddress vpn.example.com -TunnelType L2tp -L2tpPsk abc
Add-VpnConnectionRoute -ConnectionName X -DestinationPrefix 10.1.2.3/8
