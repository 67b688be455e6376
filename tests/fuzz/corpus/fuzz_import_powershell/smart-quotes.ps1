# pasted from the intranet page: typographic quotes, as PowerShell accepts them
Add-VpnConnection -Name “Branch Office” -ServerAddress ‘203.0.113.44’ -TunnelType “L2tp” -L2tpPsk ‘don’’t-tell’ -AuthenticationMethod Eap -SplitTunneling -Force
Add-VpnConnectionRoute -ConnectionName “Branch Office” -DestinationPrefix 10.44.0.0/16 -RouteMetric 5
