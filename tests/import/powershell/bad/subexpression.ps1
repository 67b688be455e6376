Add-VpnConnection -Name X -ServerAddress "vpn.$($env:USERDNSDOMAIN)" -TunnelType L2tp -L2tpPsk abc
