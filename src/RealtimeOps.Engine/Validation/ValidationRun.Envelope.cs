using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Envelope detection: which of the four payload kinds this is, the event and client_secrets wrappers, the session type and the GA/preview shape.</summary>
    internal sealed partial class ValidationRun
    {
        public ValidationResult Execute()
        {
            // Execute runs only on a parsed document: the caller returns the parse diagnostics when there is no root.
            var root = _doc.Root!;
            if (!_ga)
            {
                Report(RuleIds.PreviewRetiring, string.Empty, null, null,
                    "Checked against the preview (beta) protocol, which Azure deprecates from 2026-04-30.",
                    "Move to GA: ConvertTo-RealtimeGaConfig rewrites this payload, then check it with -Target Ga.");
            }
            if (root.Kind != DocumentNodeKind.Object)
            {
                Report(RuleIds.RootNotRecognised, string.Empty, root, $"The root is {DocumentNode.KindName(root.Kind)}; a configuration is a JSON object.",
                    "Give a client_secrets body {\"session\": {...}}, a session.update event or a session object.");
                return Finish();
            }

            string sessionPath = "session";
            var envelope = SessionEnvelope.Detect(root, LooksLikeSession);
            var envelopeType = envelope.EventType;
            var session = envelope.Session;
            _kind = envelope.Kind;
            if (_kind == ConfigurationKind.SessionUpdateEvent) ValidateEventEnvelope(root, envelopeType);
            else if (_kind == ConfigurationKind.ClientSecretRequest) ValidateClientSecretEnvelope(root);
            else if (_kind == ConfigurationKind.Unknown)
            {
                var known = new[] { "session", "expires_after", "type" };
                var first = root.Properties.Count > 0 ? root.Properties[0] : null;
                var near = first == null ? null : NearestName.Find(first.Name, known.Concat(AllSessionFieldNames()));
                Report(RuleIds.RootNotRecognised, string.Empty, root,
                    root.Properties.Count == 0
                        ? "The object is empty: there is nothing to check."
                        : $"The object is none of: a client_secrets body, a session.update event, a session (it starts with '{first!.Name}').",
                    near != null ? $"Did you mean '{near}'?" : "Give {\"session\": {\"type\": \"realtime\", ...}} or a session.update event.");
                return Finish();
            }

            if (session != null && session.Kind == DocumentNodeKind.Object)
            {
                ValidateSession(session, sessionPath, envelopeType);
            }
            else if (session != null)
            {
                Report(RuleIds.WrongJsonType, sessionPath, session, $"session must be an object, not {DocumentNode.KindName(session.Kind)}.");
            }
            else if (_kind == ConfigurationKind.SessionUpdateEvent)
            {
                Report(RuleIds.RequiredFieldMissing, sessionPath, root, "The session.update event has no session.", "Add \"session\": {\"type\": \"realtime\", ...}.");
            }
            CheckEndpoint();
            return Finish();
        }


        private IEnumerable<string> AllSessionFieldNames() =>
            _fields.GaRealtimeSession.PropertyNames.Concat(_fields.PreviewRealtimeSession.PropertyNames).Distinct();

        private bool LooksLikeSession(DocumentNode root)
        {
            foreach (var p in root.Properties)
            {
                if (_fields.GaRealtimeSession.Properties.ContainsKey(p.Name) || _fields.PreviewRealtimeSession.Properties.ContainsKey(p.Name) ||
                    _fields.PreviewTranscriptionSession.Properties.ContainsKey(p.Name)) return true;
            }
            return false;
        }

        private void ValidateEventEnvelope(DocumentNode root, string? type)
        {
            var allowedTypes = _ga ? new[] { "session.update" } : new[] { "session.update", "transcription_session.update" };
            var typeProperty = root.FindProperty("type");
            if (Array.IndexOf(allowedTypes, type) < 0)
            {
                var near = NearestName.Find(type, allowedTypes);
                Report(RuleIds.WrongEventType, "type", typeProperty!.Value,
                    type == "transcription_session.update"
                        ? "transcription_session.update is a preview (beta) event; GA updates a transcription session with session.update and session.type \"transcription\"."
                        : $"The event type is \"{type}\"; an event carrying a session is {string.Join(" or ", allowedTypes.Select(t => "\"" + t + "\""))}.",
                    type == "transcription_session.update" ? "Use \"type\": \"session.update\" with \"session\": {\"type\": \"transcription\", ...}."
                        : near != null ? $"Did you mean \"{near}\"?" : null);
            }
            CheckDuplicates(root, string.Empty);
            foreach (var p in root.Properties)
            {
                if (p.Name == "type" || p.Name == "session") continue;
                if (p.Name == "event_id")
                {
                    // type, length: the specification's session.update event (the preview event has the same event_id).
                    Walk(p.Value, _fields.GaSessionUpdateEvent.Properties["event_id"], "event_id", null);
                    continue;
                }
                var near = NearestName.Find(p.Name, new[] { "type", "event_id", "session" });
                Report(RuleIds.UnknownField, p.Name, p, $"Unknown field '{p.Name}' in a session.update event; the service rejects the whole event." + CatalogDateNote(),
                    near != null ? $"Did you mean '{near}'?" : "An event has only type, event_id and session.");
            }
        }

        private void ValidateClientSecretEnvelope(DocumentNode root)
        {
            CheckDuplicates(root, string.Empty);
            foreach (var p in root.Properties)
            {
                if (p.Name == "session") continue;
                if (p.Name == "expires_after")
                {
                    if (!_ga)
                    {
                        Report(RuleIds.GaFieldInPreview, "expires_after", p, "expires_after at the top level is the GA client_secrets body; the preview sessions endpoint takes session.client_secret.expires_after.",
                            "Check with -Target Ga, or move it to client_secret.expires_after for the preview endpoint.");
                        continue;
                    }
                    Walk(p.Value, _fields.GaExpiresAfter, "expires_after", null);
                    continue;
                }
                var near = NearestName.Find(p.Name, new[] { "session", "expires_after" });
                Report(RuleIds.UnknownField, p.Name, p, $"Unknown field '{p.Name}' in the client_secrets body; the service answers 400 unknown_parameter." + CatalogDateNote(),
                    near != null ? $"Did you mean '{near}'?" : "The body has only session and expires_after.");
            }
        }

        private void ValidateSession(DocumentNode session, string path, string? envelopeType)
        {
            DetectShape(session);
            var typeProperty = session.FindProperty("type");
            var type = typeProperty?.Value.StringValue;
            _transcriptionSession = type == "transcription" || envelopeType == "transcription_session.update";

            if (_ga)
            {
                _sessionSpec = _transcriptionSession ? _fields.GaTranscriptionSession : _fields.GaRealtimeSession;
                if (typeProperty == null)
                {
                    Report(RuleIds.SessionTypeMissing, path, session, "session.type is missing; the GA protocol needs \"realtime\" or \"transcription\".",
                        "Add \"type\": \"realtime\" (speech-to-speech) or \"type\": \"transcription\" (transcription only) to the session.");
                }
                else if (typeProperty.Value.Kind != DocumentNodeKind.String || (type != "realtime" && type != "transcription"))
                {
                    var near = type == null ? null : NearestName.Find(type, new[] { "realtime", "transcription" });
                    Report(RuleIds.SessionTypeInvalid, path + ".type", typeProperty.Value, $"session.type is {typeProperty.Value.Describe()}; it must be \"realtime\" or \"transcription\".",
                        near != null ? $"Did you mean \"{near}\"?" : null);
                }
            }
            else
            {
                _sessionSpec = _transcriptionSession ? _fields.PreviewTranscriptionSession : _fields.PreviewRealtimeSession;
            }
            if (_kind == ConfigurationKind.RealtimeSession && _transcriptionSession) _kind = ConfigurationKind.TranscriptionSession;

            WalkObject(session, _sessionSpec, path, null, sessionLevel: true);

            var model = session["model"];
            if (model?.Kind == DocumentNodeKind.String) _sessionModel = model.Text;
            CheckTranscription(session, path);
            CheckSessionModel(session, path);
            CheckSessionRules(session, path);
        }

        private void DetectShape(DocumentNode session)
        {
            var beta = new List<DocumentProperty>();
            var ga = new List<DocumentProperty>();
            var gaNames = _fields.GaRealtimeSession.Properties;
            var betaNames = _fields.PreviewRealtimeSession.Properties;
            foreach (var p in session.Properties)
            {
                var inGa = gaNames.ContainsKey(p.Name) || _fields.GaTranscriptionSession.Properties.ContainsKey(p.Name);
                var inBeta = betaNames.ContainsKey(p.Name) || _fields.PreviewTranscriptionSession.Properties.ContainsKey(p.Name);
                if (inGa && !inBeta) ga.Add(p);
                else if (inBeta && !inGa) beta.Add(p);
            }
            var expiresAfter = _kind == ConfigurationKind.ClientSecretRequest ? _doc.Root!.FindProperty("expires_after") : null;
            if (expiresAfter != null) ga.Add(expiresAfter);
            if (ga.Count > 0 && beta.Count > 0)
            {
                _shape = PayloadShape.Mixed;
                Report(RuleIds.MixedShapes, "session", session,
                    $"The session mixes preview (beta) fields ({string.Join(", ", beta.Select(b => b.Name))}) with GA fields ({string.Join(", ", ga.Select(g => g.Name))}); " +
                    "whichever endpoint receives it rejects part of it.",
                    _ga ? "Move every beta field to its GA place (see the RTC1020 diagnostics) or run ConvertTo-RealtimeGaConfig."
                        : "Remove the GA fields (see the RTC1021 diagnostics), or move the whole payload to GA with ConvertTo-RealtimeGaConfig.");
            }
            else if (beta.Count > 0) _shape = PayloadShape.Preview;
            else if (ga.Count > 0) _shape = PayloadShape.Ga;
        }
    }
}
