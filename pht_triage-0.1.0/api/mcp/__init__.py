"""The rule base as tools a language model can call: an MCP server on the official SDK (issue 21).

`api.mcp.server.build_server()` makes the server; `api.mcp.http` mounts it in the service at
`/mcp` (Streamable HTTP, behind the service's keys and limits) and `api.mcp.cli` runs it as
`triage mcp` on standard input and output. The rule base decides, the model converses: every
emergency carries `relay`, the fixed words the person must see (`api.mcp.results`).
"""
