Add-VpnConnection -Name X -ServerAddress $Server -TunnelType L2tp -L2tpPsk abc
