<#
  .SYNOPSIS
  Creates the L2TP/IPsec connection of ACME Corp.
  Do not share the pre-shared key below.
#>
$ErrorActionPreference = 'Stop'
$name   = "ACME L2TP"
$server = 'gw.acme.example'
$psk    = "Tr0ub4dor&3 #not-a-comment"   # the PSK, in double quotes

Add-VpnConnection -Name $name `
    -ServerAddress $server `
    -TunnelType L2tp `
    -L2tpPsk $psk `
    -AuthenticationMethod Chap,MSChapv2 `
    -EncryptionLevel Optional `
    -SplitTunneling:$true `
    -AllUserConnection `
    -Force -PassThru | Out-Null

Set-VpnConnectionIPsecConfiguration -ConnectionName $name `
    -AuthenticationTransformConstants SHA256128 -CipherTransformConstants AES256 `
    -EncryptionMethod AES256 -IntegrityCheckMethod SHA256 -DHGroup Group14 `
    -PfsGroup None -Force

Add-VpnConnectionRoute -ConnectionName $name -DestinationPrefix 10.0.0.0/8 -PassThru
Add-VpnConnectionRoute -ConnectionName "$name" -DestinationPrefix "172.16.0.0/12", 'fd00:ac::/32'
Write-Host "VPN $name created"
