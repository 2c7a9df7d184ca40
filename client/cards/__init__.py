"""Enterprise IC cards (企业IC卡): the card counter's 制卡, 发卡, 挂失/解挂, 补卡, 暂吊/恢复,
修改, 注销, the issuers' keys, the city-wide hot-list, receipts and statistics. Cards follow
their entity's revocation and deregistration through domain events."""
from __future__ import annotations


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, events followed, queries, tables."""
    from client.cards import handlers, models, queries, reports
    from client.kernel.events import EntityDeregistered, EntityRevoked
    from client.kernel.replication import entity_scope, own_scope, reference

    registry.area("cards", "企业IC卡", order=30)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    registry.subscribe(EntityRevoked, handlers.on_entity_revoked)
    registry.subscribe(EntityDeregistered, handlers.on_entity_deregistered)
    # the hot-list and the issuers' keys replicate city-wide: any reader anywhere judges a card
    # offline by them
    registry.replicate(models.IssuerKey, reference, tags={"cards"})
    registry.replicate(models.IcCard, own_scope, tags={"cards"})
    registry.replicate(models.CardEvent, entity_scope, tags={"cards"})
    registry.replicate(models.CardHotlist, reference, tags={"cards"})
    for fn in (queries.counter_lists, queries.card_detail, queries.statistics, reports.card_receipt_pdf):
        registry.query(fn)
