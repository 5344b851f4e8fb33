"""Tokens from an independent JWT implementation: PyJWT with `cryptography`.

Usage:
  pyjwt_tokens.py mint OUT_DIR ISSUER SUBJECT AUDIENCE
      Generates an Ed25519, a P-256 and an RSA-2048 key with `cryptography`, writes their
      public JWKS to OUT_DIR/jwks.json (as PyJWT exports JWKs), and prints one JSON line per
      token: {"alg", "case", "token"} for the cases valid, expired and wrong_audience.
  pyjwt_tokens.py verify JWKS_FILE ISSUER AUDIENCE TOKEN
      Verifies a token minted elsewhere (by vneidctl) with PyJWT against the JWKS, and
      prints the subject.
"""
import json
import os
import sys
import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm


def mint(out_dir, issuer, subject, audience):
    keys = [
        ("EdDSA", "py-ed", ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm),
        ("ES256", "py-es", ec.generate_private_key(ec.SECP256R1()), ECAlgorithm),
        ("RS256", "py-rs", rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm),
    ]
    jwks = {"keys": []}
    for alg, kid, private_key, algorithm in keys:
        jwk = algorithm.to_jwk(private_key.public_key(), as_dict=True)
        jwk.update({"kid": kid, "alg": alg, "use": "sig"})
        jwks["keys"].append(jwk)
    with open(os.path.join(out_dir, "jwks.json"), "w") as handle:
        json.dump(jwks, handle)
    now = int(time.time())
    for alg, kid, private_key, _ in keys:
        base = {"iss": issuer, "sub": subject, "aud": audience, "iat": now, "exp": now + 600, "loa": 2}
        cases = {
            "valid": dict(base, jti=str(uuid.uuid4())),
            "expired": dict(base, jti=str(uuid.uuid4()), iat=now - 1200, exp=now - 600),
            "wrong_audience": dict(base, jti=str(uuid.uuid4()), aud=["urn:someone-else"]),
        }
        for case, claims in cases.items():
            token = jwt.encode(claims, private_key, algorithm=alg, headers={"kid": kid})
            print(json.dumps({"alg": alg, "case": case, "token": token}))


def verify(jwks_file, issuer, audience, token):
    with open(jwks_file) as handle:
        jwk_set = jwt.PyJWKSet.from_dict(json.load(handle))
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in jwk_set.keys if k.key_id == kid)
    claims = jwt.decode(token, key.key, algorithms=[key.algorithm_name], audience=audience, issuer=issuer)
    print(claims["sub"])


if __name__ == "__main__":
    if sys.argv[1] == "mint":
        mint(*sys.argv[2:6])
    elif sys.argv[1] == "verify":
        verify(*sys.argv[2:6])
    else:
        sys.exit("usage: pyjwt_tokens.py mint|verify ...")
