#!/bin/sh
# azd preprovision hook: makes sure the environment has a session signing key, and never replaces
# one that is already deployed.
#
# The key ring lives in the azd environment (SESSION_SIGNING_KEYS), from where every provision
# passes the same value to Key Vault. When the environment has none (a new machine, CI), the hook
# first asks Key Vault: an earlier provision of this environment may have stored a ring there, and
# generating a new one would log every user out. It then reuses that ring, generates a key only when
# no deployment of this environment exists yet, and stops when it cannot tell. When the environment
# has a ring, it stops if Key Vault holds a different one. Changing the ring is left to
# infra/rotate-signing-key.sh (which sets FUNCSESSION_KEY_ROTATION=1 for its provisions).
set -eu
. "$(dirname "$0")/signing-keys.sh"

# azd hands the environment's values to hooks as variables; ask azd as well in case it did not.
ring=${SESSION_SIGNING_KEYS:-}
[ -n "$ring" ] || ring=$(stored_key_ring)

if [ -n "$ring" ]; then
    check_key_ring "$ring"
    # A ring that differs from the deployed one is stale (rotated from another machine) unless
    # infra/rotate-signing-key.sh is deploying it: provisioning it would log users out.
    if [ "${FUNCSESSION_KEY_ROTATION:-}" != 1 ]; then
        status=0
        deployed=$(deployed_key_ring) || status=$?
        case $status in
            0)
                if [ "$deployed" != "$ring" ]; then
                    cat >&2 <<'MESSAGE'
Stopped before provisioning: the session signing keys in this azd environment differ from the ones
deployed in Key Vault (they were rotated elsewhere, or this environment's copy is old). Deploying
these would log out the users whose sessions the deployed keys signed. To take the deployed keys,
clear the local copy and provision again; the hook then copies them from Key Vault:
    azd env set SESSION_SIGNING_KEYS ""
To change the keys, use infra/rotate-signing-key.sh; after rotate-signing-key.sh --skip-provision,
deploy with: FUNCSESSION_KEY_ROTATION=1 azd provision
MESSAGE
                    exit 1
                fi
                ;;
            "$NO_DEPLOYED_KEY_RING") ;;
            *) echo "Warning: could not compare them with the keys deployed in Key Vault (see above); deploying the environment's." >&2 ;;
        esac
    fi
    echo "Keeping the session signing keys already in the azd environment."
    exit 0
fi

status=0
ring=$(deployed_key_ring) || status=$?
case $status in
    0)
        check_key_ring "$ring"
        azd env set SESSION_SIGNING_KEYS "$ring" >/dev/null
        echo "Reusing the session signing keys already in Key Vault; stored them in the azd environment as SESSION_SIGNING_KEYS."
        ;;
    "$NO_DEPLOYED_KEY_RING")
        azd env set SESSION_SIGNING_KEYS "$(new_signing_key)" >/dev/null
        echo "Generated a session signing key and stored it in the azd environment as SESSION_SIGNING_KEYS."
        ;;
    *)
        cat >&2 <<'MESSAGE'
Stopped before provisioning: this azd environment has no SESSION_SIGNING_KEYS, and Key Vault could
not be checked for the keys of an earlier deployment. Provisioning now could replace them and log
every user out. Either fix what is said above and run again, or, if you are sure this environment
has never been deployed, give it a first key yourself:
    azd env set SESSION_SIGNING_KEYS "$(openssl rand -base64 32)"
MESSAGE
        exit 1
        ;;
esac
