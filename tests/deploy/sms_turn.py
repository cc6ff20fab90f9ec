#!/usr/bin/env python3
"""One SMS turn through Twilio's webhook, signed as Twilio signs it (loopback only).

  sms_turn.py PORT PUBLIC_URL AUTH_TOKEN FROM MESSAGE_SID BODY

POSTs /twilio/sms to 127.0.0.1:PORT with X-Twilio-Signature = base64(HMAC-SHA1(token,
PUBLIC_URL/twilio/sms + every parameter name and value, sorted by name)) and prints the
reply's text (the TwiML <Message> bodies), or exits 1 with the HTTP status.
"""
import base64, hashlib, hmac, http.client, re, sys, urllib.parse, html

port, public_url, token, sender, sid, body = sys.argv[1:7]
params = {"From": sender, "To": "+15550000000", "Body": body, "MessageSid": sid, "AccountSid": "ACtest"}
signed = public_url + "/twilio/sms" + "".join(k + params[k] for k in sorted(params))
sig = base64.b64encode(hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()).decode()
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
c.request("POST", "/twilio/sms", urllib.parse.urlencode(params),
          {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
r = c.getresponse()
text = r.read().decode()
if r.status != 200:
    print(f"HTTP {r.status}: {text[:200]}")
    sys.exit(1)
print(" | ".join(html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", text, re.S)))
