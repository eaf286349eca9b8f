#!/bin/sh
# Rotates the session signing key of the current azd environment without logging anyone out.
#
#   infra/rotate-signing-key.sh [--keep N] [--skip-provision]
#
# A new random key goes in front of the key ring (SESSION_SIGNING_KEYS in the azd environment):
# it signs every new session cookie, and the older keys go on verifying the cookies they signed.
# The ring reaches Azure in two provisions, so that no instance ever meets a cookie signed by a key
# it does not know yet while instances restart:
#   1. the new key is appended at the end (it verifies but does not sign yet), then azd provision;
#   2. the new key moves to the front (it signs), then azd provision.
#
#   --keep N          keep only the first N keys after the rotation (N >= 1). Sessions whose cookies
#                     were signed by a dropped key end. --keep 1 logs everyone out, which is what
#                     you want after a key leaked. Without --keep every old key is kept.
#   --skip-provision  only store the final ring in the azd environment and deploy it yourself with
#                     FUNCSESSION_KEY_ROTATION=1 azd provision: one step instead of two, so a user
#                     whose cookie is signed by the new key while instances restart may be logged out.
#
# Select the environment first (azd env select NAME, or AZURE_ENV_NAME=NAME).
set -eu
. "$(dirname "$0")/hooks/signing-keys.sh"

usage() {
    sed -n '2,22s/^# \{0,1\}//p' "$0"
}

keep=0
provision=true
while [ $# -gt 0 ]; do
    case "$1" in
        --keep)
            [ $# -ge 2 ] || { usage >&2; exit 2; }
            case "$2" in
                "" | 0* | *[!0-9]*) echo "--keep takes a whole number of at least 1." >&2; exit 2 ;;
            esac
            keep=$2
            shift 2
            ;;
        --skip-provision) provision=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

# Tells the preprovision hook that a ring differing from the deployed one is meant.
export FUNCSESSION_KEY_ROTATION=1

ring=$(stored_key_ring)
if [ -z "$ring" ]; then
    echo "This azd environment has no SESSION_SIGNING_KEYS yet; azd up creates the first key." >&2
    exit 1
fi
check_key_ring "$ring"

new_key=$(new_signing_key)
rotated="$new_key,$ring"
if [ "$keep" -gt 0 ]; then
    rotated=$(printf '%s' "$rotated" | cut -d, -f"1-$keep")
fi

if [ "$provision" = true ]; then
    echo "Step 1 of 2: adding the new key as a verify-only key."
    azd env set SESSION_SIGNING_KEYS "$ring,$new_key" >/dev/null
    azd provision --no-prompt --no-state
    echo "Step 2 of 2: making the new key the signing key."
fi
azd env set SESSION_SIGNING_KEYS "$rotated" >/dev/null
if [ "$provision" = true ]; then
    azd provision --no-prompt --no-state
fi

count=$(printf '%s' "$rotated" | tr ',' '\n' | wc -l | tr -d ' ')
count=$((count + 1))
echo "Rotated: the new key signs; the ring holds $count key(s)."
if [ "$provision" = false ]; then
    echo "Run FUNCSESSION_KEY_ROTATION=1 azd provision to deploy it."
fi
