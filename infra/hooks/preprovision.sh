#!/bin/sh
# azd preprovision hook: makes sure the environment has a session signing key.
# The key is generated on the first provision only and kept in the azd environment
# (SESSION_SIGNING_KEYS), from where every later provision passes the same value to Key Vault.
# So redeploying never changes the key and never logs anyone out; rotation is explicit
# (infra/rotate-signing-key.sh).
set -eu
. "$(dirname "$0")/signing-keys.sh"

# azd hands the environment's values to hooks as variables; ask azd as well in case it did not.
ring=${SESSION_SIGNING_KEYS:-}
[ -n "$ring" ] || ring=$(stored_key_ring)

if [ -n "$ring" ]; then
    check_key_ring "$ring"
    echo "Keeping the session signing keys already in the azd environment."
    exit 0
fi

azd env set SESSION_SIGNING_KEYS "$(new_signing_key)" >/dev/null
echo "Generated a session signing key and stored it in the azd environment as SESSION_SIGNING_KEYS."
