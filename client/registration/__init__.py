"""Market-entity registration (登记注册): applications at the counter (设立, 变更, 注销), review
and approval, revocation, the name check, register search and the business licence.

The register itself (market_entity and its history) is the kernel's, since every area works
on it; this area is the only one that changes what is registered."""
from __future__ import annotations


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, events followed, queries, tables."""
    from client.kernel.replication import own_scope
    from client.registration import handlers, licence_data, models, name_check, queries, register_list, search

    registry.area("registration", "登记注册", order=10)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    registry.replicate(models.RegApplication, own_scope, tags={"applications"})
    registry.dealing(queries.applicants_and_deciders)
    for fn in (queries.review_queue, queries.applications_of_entity, queries.application_numbers,
               search.entity_detail, register_list.page, register_list.count, licence_data.licence_data):
        registry.query(fn)
    # the name must be unique in the district: an office asks the centre, not only its replica
    registry.query(name_check.check_name, wide=True)
