"""Official documents (收发文): incoming documents registered, proposed, instructed, handled in
parallel and closed; outgoing ones drafted, reviewed, co-signed, signed, numbered by the centre,
sealed, printed in the GB/T 9704 layout and distributed into the receiving units' incoming
lists. Both run on the flow engine (client/flows)."""


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, flows, events followed, queries, tables."""
    from client.documents import flows, handlers, issuers, models, queries, statistics
    from client.flows import service
    from client.kernel.replication import own_scope

    registry.area("documents", "收发文", order=45)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    service.built_in(flows.incoming_flow())
    service.built_in(flows.outgoing_flow())
    service.built_in(flows.handoff_flow())
    registry.subscribe(service.FlowStepped, handlers.on_flow_stepped)
    registry.subscribe(service.FlowEnded, handlers.on_flow_ended)
    for model in (models.OfficialDocument, models.DocumentAttachment, models.DocumentRevision, models.DocumentIssuer):
        registry.replicate(model, own_scope, tags={"documents"})
    registry.query(queries.document_people, wide=True)
    for fn in (queries.document_list, queries.document_detail, queries.attachment_content,
               queries.document_units, queries.outgoing_pdf, queries.processing_sheet_pdf,
               statistics.document_statistics, issuers.issuers):
        registry.query(fn)
