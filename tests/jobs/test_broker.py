"""The embedded broker never shows a worker a message that is still being written."""

import json
import os

from kombu import Connection

from jobs import broker


def connection_in(folder) -> Connection:
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder)}
    return Connection("filesystem://", transport_options=options)


def test_a_message_enters_the_queue_folder_only_once_it_is_whole(tmp_path, monkeypatch):
    seen_before_rename = []
    real_replace = os.replace

    def replace(source, target):
        seen_before_rename.append(
            ([name for name in os.listdir(tmp_path) if name.endswith(".msg")], open(source, "rb").read())
        )
        real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    with connection_in(tmp_path) as connection:
        assert isinstance(connection.transport, broker.Transport)
        queue = connection.SimpleQueue("trabajos")
        queue.put({"trabajo": 7})

        [(readable, written)] = seen_before_rename
        assert readable == []
        assert json.loads(written)["body"]  # the whole message, body included
        message = queue.get(timeout=1)
        assert message.payload == {"trabajo": 7}
        message.ack()
        queue.close()
    assert [name for name in os.listdir(tmp_path) if name.endswith((".msg", ".parcial"))] == []
