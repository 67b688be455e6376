Add-VpnConnection -Name X -ServerAddress vpn.example.com -TunnelType L2tp -L2tpPsk abc
Set-VpnConnectionIPsecConfiguration -ConnectionName X -DHGroup Group99 -EncryptionMethod AES256 -IntegrityCheckMethod SHA1
