# Verbindung für die Zentrale (UTF-8 mit BOM)
$vpn = @{
    Name                 = 'Zentrale München'
    ServerAddress        = '2001:db8:100::1'
    TunnelType           = 'L2tp'
    L2tpPsk              = 'it''s a secret'
    AuthenticationMethod = 'MSChapv2'
    EncryptionLevel      = 'Required'
    SplitTunneling       = $false
    RememberCredential   = $true
    Force                = $true
}
Add-VpnConnection @vpn
Set-VpnConnection -Name 'zentrale münchen' -SplitTunneling $true -IdleDisconnectSeconds 600
Set-VpnConnectionIPsecConfiguration 'Zentrale München' -CipherTransformConstants GCMAES128 -AuthenticationTransformConstants GCMAES128 -EncryptionMethod AES128 -IntegrityCheckMethod SHA1 -DHGroup ECP256 -PfsGroup PFSMM -Force
Add-VpnConnectionRoute -ConnectionName 'Zentrale München' -DestinationPrefix 192.168.10.0/24
