#!/usr/bin/env bash
# Gets a Primary Refresh Token for the device scripts/curl-join.sh joined, with curl and openssl:
# a server nonce (srv_challenge), a request JWT signed by the device key with the device certificate
# in x5c, and the session key unwrapped with the transport key (curl-join.sh uses one key for both,
# as roadtx does). node only reads and writes JSON, as in curl-join.sh.
#   HTTPS_PROXY=… SSL_CERT_FILE=… scripts/curl-prt.sh <upn> <password> <curl-join out-dir>
set -euo pipefail
: "${HTTPS_PROXY:?set HTTPS_PROXY as npm run serve prints it}" "${SSL_CERT_FILE:?set SSL_CERT_FILE as npm run serve prints it}"
usage='usage: curl-prt.sh <upn> <password> <out-dir of curl-join.sh>'
upn=${1:?$usage}
password=${2:?$usage}
out=${3:?$usage}
[[ -f "$out/device.key" && -f "$out/device.pem" ]] || { echo "no device.key and device.pem in $out: run curl-join.sh first" >&2; exit 2; }
curl_() { curl -sS --fail-with-body --max-time 30 --proxy "$HTTPS_PROXY" --cacert "$SSL_CERT_FILE" "$@"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));if(v===undefined){console.error(s);process.exit(1)}process.stdout.write(String(v))})' "$1"; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
unb64url() { local s; s=$(tr '_-' '/+'); while (( ${#s} % 4 )); do s+='='; done; printf '%s' "$s" | openssl base64 -d -A; }

nonce=$(curl_ https://login.microsoftonline.com/common/oauth2/token -d grant_type=srv_challenge | json Nonce)

certificate=$(openssl x509 -in "$out/device.pem" -outform DER | openssl base64 -A)
header=$(printf '{"alg":"RS256","typ":"JWT","x5c":"%s","kdf_ver":2}' "$certificate" | b64url)
payload=$(node -e 'process.stdout.write(JSON.stringify({client_id:"38aa3b87-a06d-4817-b275-7a316988d93b",request_nonce:process.argv[1],scope:"openid aza ugs",group_sids:[],win_ver:"10.0.22631.4460",grant_type:"password",username:process.argv[2],password:process.argv[3]}))' \
  "$nonce" "$upn" "$password" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$out/device.key" -binary | b64url)

curl_ https://login.microsoftonline.com/common/oauth2/token -d windows_api_version=2.2 \
  -d grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer -d "request=$header.$payload.$signature" \
  -d client_info=1 > "$out/prt.json" || { cat "$out/prt.json" >&2; echo >&2; exit 1; }
# The session key is the JWE's content key: its second part, wrapped RSA-OAEP (SHA-1) to the transport key.
json session_key_jwe < "$out/prt.json" | cut -d. -f2 | unb64url |
  openssl pkeyutl -decrypt -inkey "$out/device.key" -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 > "$out/session.key"
prt=$(json refresh_token < "$out/prt.json")
echo "prt ${prt:0:16}… session key $(wc -c < "$out/session.key") bytes"
