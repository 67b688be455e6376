# Run in an elevated PowerShell to create the office VPN
Add-VpnConnection -Name "Office VPN" -ServerAddress vpn.example.com -TunnelType L2tp -L2tpPsk "s3cret!" -AuthenticationMethod MSChapv2 -EncryptionLevel Required -Force -RememberCredential -PassThru
