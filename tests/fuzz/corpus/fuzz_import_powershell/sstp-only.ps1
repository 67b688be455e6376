Add-VpnConnection -Name "Office" -ServerAddress vpn.example.com -TunnelType Sstp -EncryptionLevel Required
