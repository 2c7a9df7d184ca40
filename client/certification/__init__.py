"""Contract certification (合同鉴证) and contract-dispute mediation (合同争议调解), on the flow
engine: applications by both parties with their materials, the certifier's examination, the
office head's (and over a threshold the district bureau's) approval, the 鉴证书 numbered by the
centre with a QR code anyone can check, and mediation from application to agreement or referral."""
from __future__ import annotations


def register(registry) -> None:
    """Join the program (client.kernel.registry): commands, flows, events followed, queries, tables."""
    from client.certification import flows, handlers, models, queries
    from client.flows import service
    from client.kernel.replication import own_scope

    registry.area("certification", "合同鉴证", order=40)
    for command, handler in handlers.HANDLERS.items():
        registry.command(command, handler)
    service.built_in(flows.certification_flow())
    service.built_in(flows.mediation_flow())
    registry.subscribe(service.FlowEnded, handlers.on_flow_ended)
    for model in (models.ContractApplication, models.ContractParty, models.ContractMaterial,
                  models.MediationCase, models.MediationSession):
        registry.replicate(model, own_scope, tags={"certification"})
    registry.query(queries.party_by_code, wide=True)
    for fn in (queries.search_applications, queries.application_detail, queries.material_content,
               queries.certificate_pdf, queries.refusal_pdf, queries.certification_statistics,
               queries.mediation_cases, queries.mediation_detail, queries.mediation_pdf):
        registry.query(fn)
    registry.verifier("certificate", queries.verify_certificate)
