#!/usr/bin/env pwsh
# azd preprovision hook (Windows twin of preprovision.sh): makes sure the environment has a session
# signing key. It is generated on the first provision only and kept in the azd environment
# (SESSION_SIGNING_KEYS), so redeploying never changes it and never logs anyone out.
$ErrorActionPreference = 'Stop'

$ring = $env:SESSION_SIGNING_KEYS
if (-not $ring) {
    $ring = azd env get-value SESSION_SIGNING_KEYS 2>$null
    if ($LASTEXITCODE -ne 0) { $ring = '' }
}

if ($ring) {
    foreach ($key in $ring.Split(',')) {
        $length = 0
        try { $length = [Convert]::FromBase64String($key).Length } catch { }
        if ($length -lt 32) {
            throw 'SESSION_SIGNING_KEYS must be base64 keys of at least 32 bytes each, separated by commas.'
        }
    }
    Write-Output 'Keeping the session signing keys already in the azd environment.'
    exit 0
}

$bytes = [byte[]]::new(32)
[System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
azd env set SESSION_SIGNING_KEYS ([Convert]::ToBase64String($bytes)) | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'azd env set SESSION_SIGNING_KEYS failed.' }
Write-Output 'Generated a session signing key and stored it in the azd environment as SESSION_SIGNING_KEYS.'
