Add-VpnConnection -Name X -TunnelType L2tp -L2tpPsk abc
