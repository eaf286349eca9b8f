# Shared by the preprovision hook and rotate-signing-key.sh; source it, do not run it.
# The key ring lives in the azd environment as SESSION_SIGNING_KEYS: base64 keys of at least 32
# bytes, comma-separated; the first key signs session cookies and every key verifies them.

# Prints the key ring stored in the azd environment, or nothing when there is none.
stored_key_ring() {
    azd env get-value SESSION_SIGNING_KEYS 2>/dev/null || true
}

# Exit status of deployed_key_ring when no deployment of this environment holds a key ring.
NO_DEPLOYED_KEY_RING=3

# The Key Vault secret that holds the ring (infra/modules/resources.bicep).
KEY_RING_SECRET=session-signing-keys

# Prints the key ring that an earlier provision of this azd environment stored in Key Vault, found
# through the Azure CLI in the environment's resource group (rg-<environment name>). Returns
# $NO_DEPLOYED_KEY_RING when that group, its vault or the secret does not exist, and another
# non-zero status, with the reason on stderr, when it cannot tell. Never prints the ring elsewhere.
deployed_key_ring() {
    environment=${AZURE_ENV_NAME:-$(azd env get-value AZURE_ENV_NAME 2>/dev/null || true)}
    subscription=${AZURE_SUBSCRIPTION_ID:-$(azd env get-value AZURE_SUBSCRIPTION_ID 2>/dev/null || true)}
    if [ -z "$environment" ]; then
        echo "The azd environment's name (AZURE_ENV_NAME) is unknown." >&2
        return 1
    fi
    if ! command -v az >/dev/null 2>&1; then
        echo "The Azure CLI (az) is needed to look for the signing keys of an earlier deployment." >&2
        return 1
    fi
    set -- --output tsv --only-show-errors
    [ -z "$subscription" ] || set -- "$@" --subscription "$subscription"

    group="rg-$environment"
    if ! exists=$(az group exists --name "$group" "$@"); then
        echo "The Azure CLI could not look up resource group $group; sign in with 'az login' (same account and tenant as azd)." >&2
        return 1
    fi
    [ "$exists" = true ] || return "$NO_DEPLOYED_KEY_RING"

    vault=${AZURE_KEY_VAULT_NAME:-}
    if [ -z "$vault" ] && ! vault=$(az keyvault list --resource-group "$group" --query "[0].name" "$@"); then
        echo "The Azure CLI could not list the key vaults of $group." >&2
        return 1
    fi
    [ -n "$vault" ] || return "$NO_DEPLOYED_KEY_RING"

    errors=$(mktemp)
    if ring=$(az keyvault secret show --vault-name "$vault" --name "$KEY_RING_SECRET" --query value --output tsv --only-show-errors 2>"$errors"); then
        rm -f "$errors"
        printf '%s\n' "$ring"
        return 0
    fi
    if grep -q 'SecretNotFound' "$errors"; then
        rm -f "$errors"
        return "$NO_DEPLOYED_KEY_RING"
    fi
    echo "Could not read secret $KEY_RING_SECRET from Key Vault $vault:" >&2
    sed 's/^/    /' "$errors" >&2
    echo "Reading it needs the Key Vault Secrets User role on the secret, which provisioning grants the principal that runs azd (AZURE_PRINCIPAL_ID)." >&2
    rm -f "$errors"
    return 1
}

# Prints a new random 32-byte key, base64-encoded.
new_signing_key() {
    openssl rand -base64 32
}

# Fails, without printing any key, unless $1 is a well-formed key ring.
check_key_ring() {
    case "$1" in
        "" | ,* | *, | *,,*) key_ring_error; return 1 ;;
    esac
    old_ifs=$IFS
    IFS=,
    for key in $1; do
        IFS=$old_ifs
        if ! printf '%s' "$key" | grep -Eq '^[A-Za-z0-9+/]+={0,2}$' \
            || [ "$(printf '%s' "$key" | openssl base64 -d -A 2>/dev/null | wc -c | tr -d ' ')" -lt 32 ]; then
            key_ring_error
            return 1
        fi
    done
    IFS=$old_ifs
}

key_ring_error() {
    echo "SESSION_SIGNING_KEYS must be base64 keys of at least 32 bytes each, separated by commas." >&2
}
