"""The flow engine (流程): approval flows as versioned data, their instances and tasks (待办),
督办催办, delegation, drawing data and statistics. Contract certification runs on it now; document
approval and enforcement cases will. Areas start and step instances through `client.flows.service`
and hear of their progress by domain events (`FlowStepped`, `FlowEnded`); the engine imports no
area."""
from __future__ import annotations


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, queries, tables."""
    from client.flows import handlers, models, queries, statistics
    from client.kernel.replication import own_scope, reference

    registry.area("flows", "流程与待办", order=5)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    registry.replicate(models.FlowDefinitionRow, reference, tags={"flow_definitions"})
    registry.replicate(models.FlowInstance, own_scope, tags={"flows"})
    registry.replicate(models.FlowTask, own_scope, tags={"flows"})
    registry.replicate(models.FlowDelegation, own_scope, tags={"flows"})
    for fn in (queries.todo_list, queries.todo_count, queries.instance_view, queries.instances_of,
               queries.published_flows, queries.my_delegations, queries.colleagues,
               statistics.flow_statistics):
        registry.query(fn)
