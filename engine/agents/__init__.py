"""External agents: other programs that take a seat over a JSON-lines protocol.

``--bots ACTOR=cmd:COMMAND`` runs ``COMMAND`` as ``ACTOR``'s bot (:class:`ExternalBot`). The
messages are in :mod:`engine.agents.protocol` (documented in ``docs/agents.md``), the process
handling in :mod:`engine.agents.process`.
"""

from engine.agents.external import AgentOptions, ExternalBot, is_agent_spec
from engine.agents.protocol import PROTOCOL_VERSION, AgentError

__all__ = ["PROTOCOL_VERSION", "AgentError", "AgentOptions", "ExternalBot", "is_agent_spec"]
