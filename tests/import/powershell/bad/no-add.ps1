Get-VpnConnection -Name Office
Set-VpnConnection -Name Office -SplitTunneling $true
