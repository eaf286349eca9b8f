# Shared by the preprovision hook and rotate-signing-key.sh; source it, do not run it.
# The key ring lives in the azd environment as SESSION_SIGNING_KEYS: base64 keys of at least 32
# bytes, comma-separated; the first key signs session cookies and every key verifies them.

# Prints the key ring stored in the azd environment, or nothing when there is none.
stored_key_ring() {
    azd env get-value SESSION_SIGNING_KEYS 2>/dev/null || true
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
