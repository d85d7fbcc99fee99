"""The embedded broker: Kombu's filesystem transport, with messages that appear whole.

Kombu creates a message file under its final name and only then locks and writes it, so a worker
listing the folder at that moment can take the empty file: the message is lost and its job stays
«en cola» for ever. Here a message is written under a name no queue reads and renamed into place,
which on one file system is atomic: a worker sees the whole message or nothing.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        # Hidden and without the «.<queue>.msg» ending that _get looks for.
        partial = os.path.join(self.data_folder_out, f".{uuid.uuid4().hex}.parcial")
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"No se pudo escribir el mensaje {name!r} en la cola") from exc


class Transport(filesystem.Transport):
    Channel = Channel
