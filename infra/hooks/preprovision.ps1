#!/usr/bin/env pwsh
# azd preprovision hook (Windows twin of preprovision.sh): makes sure the environment has a session
# signing key, and never replaces one that is already deployed. With no SESSION_SIGNING_KEYS in the
# azd environment (a new machine, CI), it reuses the ring an earlier provision stored in Key Vault,
# generates a key only when no deployment of this environment exists, and stops when it cannot tell.
# With a ring, it stops if Key Vault holds a different one, unless infra/rotate-signing-key.sh is
# deploying it (FUNCSESSION_KEY_ROTATION=1).
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

# Thrown when Key Vault cannot be asked; its message says why.
class KeyVaultUnknownException : System.Exception {
    KeyVaultUnknownException([string] $message) : base($message) { }
}

# The ring an earlier provision of this environment stored in Key Vault (resource group
# rg-<environment>, its vault, the secret), or '' when there is none.
function Get-DeployedKeyRing {
    $environment = $env:AZURE_ENV_NAME
    if (-not $environment) { throw [KeyVaultUnknownException]::new('The azd environment''s name (AZURE_ENV_NAME) is unknown.') }
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
        throw [KeyVaultUnknownException]::new('The Azure CLI (az) is needed to look for the signing keys of an earlier deployment.')
    }
    $common = @('--output', 'tsv', '--only-show-errors')
    if ($env:AZURE_SUBSCRIPTION_ID) { $common += @('--subscription', $env:AZURE_SUBSCRIPTION_ID) }

    $group = "rg-$environment"
    $exists = az group exists --name $group @common
    if ($LASTEXITCODE -ne 0) { throw [KeyVaultUnknownException]::new("The Azure CLI could not look up resource group $group; sign in with 'az login' (same account and tenant as azd).") }
    if ($exists -ne 'true') { return '' }

    $vault = $env:AZURE_KEY_VAULT_NAME
    if (-not $vault) {
        $vault = az keyvault list --resource-group $group --query '[0].name' @common
        if ($LASTEXITCODE -ne 0) { throw [KeyVaultUnknownException]::new("The Azure CLI could not list the key vaults of $group.") }
    }
    if (-not $vault) { return '' }

    $errors = New-TemporaryFile
    try {
        $deployed = az keyvault secret show --vault-name $vault --name session-signing-keys --query value --output tsv --only-show-errors 2>$errors
        if ($LASTEXITCODE -eq 0) { return $deployed }
        $message = Get-Content -Raw $errors
        if ($message -match 'SecretNotFound') { return '' }
        throw [KeyVaultUnknownException]::new("Could not read secret session-signing-keys from Key Vault ${vault}: $message Reading it needs the Key Vault Secrets User role on the secret, which provisioning grants the principal that runs azd (AZURE_PRINCIPAL_ID).")
    } finally {
        Remove-Item $errors
    }
}

$ring = $env:SESSION_SIGNING_KEYS
if (-not $ring) {
    $ring = azd env get-value SESSION_SIGNING_KEYS 2>$null
    if ($LASTEXITCODE -ne 0) { $ring = '' }
}

if ($ring) {
    Assert-KeyRing $ring
    if ($env:FUNCSESSION_KEY_ROTATION -ne '1') {
        $deployed = ''
        try { $deployed = Get-DeployedKeyRing }
        catch [KeyVaultUnknownException] { Write-Warning "$($_.Exception.Message) Could not compare with the keys deployed in Key Vault; deploying the environment's." }
        if ($deployed -and $deployed -ne $ring) {
            throw 'Stopped before provisioning: the session signing keys in this azd environment differ from the ones deployed in Key Vault. Deploying them would log users out. To take the deployed keys, run azd env set SESSION_SIGNING_KEYS "" and provision again; to change the keys, use infra/rotate-signing-key.sh (after --skip-provision, deploy with FUNCSESSION_KEY_ROTATION=1).'
        }
    }
    Write-Output 'Keeping the session signing keys already in the azd environment.'
    exit 0
}

try { $deployed = Get-DeployedKeyRing }
catch [KeyVaultUnknownException] {
    throw "$($_.Exception.Message) Stopped before provisioning: this azd environment has no SESSION_SIGNING_KEYS, and Key Vault could not be checked for the keys of an earlier deployment; provisioning now could replace them and log every user out. Fix the above and run again, or, if this environment has never been deployed, set a first key yourself: azd env set SESSION_SIGNING_KEYS <base64 of 32 random bytes>."
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
