$psk = Read-Host -Prompt "Pre-shared key"
Add-VpnConnection -Name X -ServerAddress vpn.example.com -TunnelType L2tp -L2tpPsk $psk
