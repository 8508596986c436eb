#!/usr/bin/env bash
# Joins a device against `npm run serve` with nothing of this project's: openssl makes the key and
# the PKCS#10 request, curl talks to the emulated Azure AD and DRS through the proxy, and node is
# only used to read JSON and lay out the transport key blob.
#   HTTPS_PROXY=… SSL_CERT_FILE=… scripts/curl-join.sh <upn> <password> [out-dir]
set -euo pipefail
: "${HTTPS_PROXY:?set HTTPS_PROXY as npm run serve prints it}" "${SSL_CERT_FILE:?set SSL_CERT_FILE as npm run serve prints it}"
upn=${1:?usage: curl-join.sh <upn> <password> [out-dir]}
password=${2:?usage: curl-join.sh <upn> <password> [out-dir]}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
curl_() { curl -sS --fail-with-body --max-time 30 --proxy "$HTTPS_PROXY" --cacert "$SSL_CERT_FILE" "$@"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));if(v===undefined){console.error(s);process.exit(1)}process.stdout.write(String(v))})' "$1"; }

openssl genrsa -out "$out/device.key" 2048 2>/dev/null
openssl req -new -key "$out/device.key" -subj "/CN=7E980AD9-B86D-4306-9425-9AC066FB014A" -sha256 -outform DER -out "$out/request.der"
modulus=$(openssl rsa -in "$out/device.key" -noout -modulus | cut -d= -f2)
# BCRYPT_RSAKEY_BLOB: "RSA1", bit length, cbPublicExp, cbModulus, cbPrime1 = cbPrime2 = 0, exponent, modulus.
transport_key=$(node -e 'const m=Buffer.from(process.argv[1],"hex"),e=Buffer.from([1,0,1]),h=Buffer.alloc(24);[0x31415352,m.length*8,e.length,m.length,0,0].forEach((v,i)=>h.writeUInt32LE(v,i*4));process.stdout.write(Buffer.concat([h,e,m]).toString("base64"))' "$modulus")

domain=${upn#*@}
token=$(curl_ "https://login.microsoftonline.com/$domain/oauth2/token" -d grant_type=password \
  -d client_id=1b730954-1685-4b74-9bfd-dac224a7b894 -d resource=01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9 \
  --data-urlencode "username=$upn" --data-urlencode "password=$password" | json access_token)

body=$(printf '{"CertificateRequest":{"Type":"pkcs10","Data":"%s"},"TransportKey":"%s","TargetDomain":"%s","DeviceType":"Windows","OSVersion":"10.0.22631.4460","DeviceDisplayName":"CURL-CLIENT","JoinType":4,"attributes":{"ReuseDevice":"true","ReturnClientSid":"true"}}' \
  "$(base64 -w0 "$out/request.der")" "$transport_key" "$domain")
curl_ "https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" > "$out/join.json"
json Certificate.RawBody < "$out/join.json" | base64 -d | openssl x509 -inform DER -out "$out/device.pem"
openssl x509 -in "$out/device.pem" -noout -subject | sed 's/^subject=CN = /device /'
