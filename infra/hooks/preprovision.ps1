#!/usr/bin/env pwsh
# azd preprovision hook (Windows twin of preprovision.sh): makes sure the environment has a session
# signing key, and never replaces one that is already deployed. With no SESSION_SIGNING_KEYS in the
# azd environment (a new machine, CI), it reuses the ring an earlier provision stored in Key Vault,
# generates a key only when no deployment of this environment exists, and stops when it cannot tell.
$ErrorActionPreference = 'Stop'

function Assert-KeyRing([string] $ring) {
    foreach ($key in $ring.Split(',')) {
        $length = 0
        try { $length = [Convert]::FromBase64String($key).Length } catch { }
        if ($length -lt 32) {
            throw 'SESSION_SIGNING_KEYS must be base64 keys of at least 32 bytes each, separated by commas.'
        }
    }
}

function Stop-Provision([string] $reason) {
    throw "$reason`nStopped before provisioning: this azd environment has no SESSION_SIGNING_KEYS, and Key Vault could not be checked for the keys of an earlier deployment. Provisioning now could replace them and log every user out. Fix the above and run again, or, if this environment has never been deployed, set a first key yourself with azd env set SESSION_SIGNING_KEYS <base64 of 32 random bytes>."
}

$ring = $env:SESSION_SIGNING_KEYS
if (-not $ring) {
    $ring = azd env get-value SESSION_SIGNING_KEYS 2>$null
    if ($LASTEXITCODE -ne 0) { $ring = '' }
}

if ($ring) {
    Assert-KeyRing $ring
    Write-Output 'Keeping the session signing keys already in the azd environment.'
    exit 0
}

# Look for the ring of an earlier deployment: resource group rg-<environment>, its vault, the secret.
$environment = $env:AZURE_ENV_NAME
if (-not $environment) { Stop-Provision 'The azd environment''s name (AZURE_ENV_NAME) is unknown.' }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { Stop-Provision 'The Azure CLI (az) is needed to look for the signing keys of an earlier deployment.' }
$common = @('--output', 'tsv', '--only-show-errors')
if ($env:AZURE_SUBSCRIPTION_ID) { $common += @('--subscription', $env:AZURE_SUBSCRIPTION_ID) }

$deployed = ''
$group = "rg-$environment"
$exists = az group exists --name $group @common
if ($LASTEXITCODE -ne 0) { Stop-Provision "The Azure CLI could not look up resource group $group; sign in with 'az login' (same account and tenant as azd)." }
if ($exists -eq 'true') {
    $vault = $env:AZURE_KEY_VAULT_NAME
    if (-not $vault) {
        $vault = az keyvault list --resource-group $group --query '[0].name' @common
        if ($LASTEXITCODE -ne 0) { Stop-Provision "The Azure CLI could not list the key vaults of $group." }
    }
    if ($vault) {
        $errors = New-TemporaryFile
        $deployed = az keyvault secret show --vault-name $vault --name session-signing-keys --query value --output tsv --only-show-errors 2>$errors
        if ($LASTEXITCODE -ne 0) {
            $message = Get-Content -Raw $errors
            Remove-Item $errors
            if ($message -notmatch 'SecretNotFound') {
                Stop-Provision "Could not read secret session-signing-keys from Key Vault ${vault}: $message`nReading it needs the Key Vault Secrets User role on the secret, which provisioning grants the principal that runs azd (AZURE_PRINCIPAL_ID)."
            }
            $deployed = ''
        } else {
            Remove-Item $errors
        }
    }
}

if ($deployed) {
    Assert-KeyRing $deployed
    azd env set SESSION_SIGNING_KEYS $deployed | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'azd env set SESSION_SIGNING_KEYS failed.' }
    Write-Output 'Reusing the session signing keys already in Key Vault; stored them in the azd environment as SESSION_SIGNING_KEYS.'
    exit 0
}

$bytes = [byte[]]::new(32)
[System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
azd env set SESSION_SIGNING_KEYS ([Convert]::ToBase64String($bytes)) | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'azd env set SESSION_SIGNING_KEYS failed.' }
Write-Output 'Generated a session signing key and stored it in the azd environment as SESSION_SIGNING_KEYS.'
