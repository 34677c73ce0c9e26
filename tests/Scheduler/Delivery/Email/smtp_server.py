"""A real SMTP relay for the tests: STARTTLS required, AUTH PLAIN/LOGIN required, each message saved as a file.

usage: smtp_server.py HOST PORT OUTDIR CERT KEY USER PASSWORD
"""
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

host, port, outdir, cert, key, user, password = sys.argv[1:8]


class SaveToFolder:
    async def handle_DATA(self, server, session, envelope):
        count = len([n for n in os.listdir(outdir) if n.endswith(".eml")])
        name = os.path.join(outdir, "%04d.eml" % count)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else ""
        with open(name + ".tmp", "wb") as f:
            f.write(("X-Test-Envelope-To: %s\r\nX-Test-Auth: %s\r\n" % (",".join(envelope.rcpt_tos), login)).encode())
            f.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 OK saved"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password.encode()
    return AuthResult(success=ok, auth_data=auth_data)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(SaveToFolder(), hostname=host, port=int(port), tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
print("READY", flush=True)
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
signal.pause()
