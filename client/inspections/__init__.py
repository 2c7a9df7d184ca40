"""Supervision and inspections (监督检查): random-inspection plans (双随机), field records that
work offline, photos, the abnormal operation list (经营异常名录) and case leads."""
from __future__ import annotations


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, events followed, queries, tables."""
    from client.inspections import handlers, models, queries
    from client.kernel.replication import own_scope

    registry.area("inspections", "监督检查", order=20)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    for model in models.REPLICATED:
        registry.replicate(model, own_scope, tags={"inspections", "abnormal"})
    for fn in (queries.plans, queries.plan, queries.plan_tasks, queries.plan_choices, queries.population_size,
               queries.draw_list_data, queries.my_tasks, queries.record_form, queries.record_number,
               queries.photos, queries.record_report_data, queries.abnormal_lists):
        registry.query(fn)
