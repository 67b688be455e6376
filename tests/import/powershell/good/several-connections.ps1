param([switch]$Quiet)
# The SSTP connection first, then the L2TP one for old clients
if (-not (Get-VpnConnection -Name "HQ SSTP" -ErrorAction SilentlyContinue)) {
    Add-VpnConnection -Name "HQ SSTP" -ServerAddress sstp.hq.example -TunnelType Sstp -EncryptionLevel Required
}
$Key = @"
hq-psk-2024
"@
Add-VpnConnection "HQ L2TP" 198.51.100.20 -L2tpPsk $Key -AuthenticationMethod Pap -EncryptionLevel NoEncryption -DnsSuffix hq.example -ServerList @("198.51.100.21") ; Add-VpnConnectionRoute -ConnectionName "HQ L2TP" -DestinationPrefix 198.51.100.0/24
Set-VpnConnectionIPsecConfiguration -ConnectionName "HQ L2TP" -CipherTransformConstants DES3 -AuthenticationTransformConstants SHA196 -EncryptionMethod DES3 -IntegrityCheckMethod SHA1 -DHGroup Group2 -PfsGroup PFS2048 -Force
rasdial "HQ L2TP"
