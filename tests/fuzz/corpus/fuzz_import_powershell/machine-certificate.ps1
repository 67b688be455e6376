Add-VpnConnection -Name X -ServerAddress vpn.example.com -TunnelType L2tp -AuthenticationMethod MachineCertificate
