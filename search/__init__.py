"""The officials' search (api.md `POST /api/v1/search`; issue 12, point 2): a case, a permit or a
holder found by what an official has in hand — a case number, a permit number, a full 身份证 number,
or what a scanner types from the QR code of a printed form (the case number) or of a card (its
signed `/verify/qr/…` link). It reads cases, permits and people, and the card's signature
(verification), so it sits between verification and documents (decision 92)."""
