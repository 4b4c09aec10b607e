using System;
using System.Collections.Generic;
using System.Linq;

namespace RealtimeOps.Emulator
{
    /// <summary>One data-plane, ARM or identity request as the emulator received it (a test fixture: it keeps secrets).</summary>
    public sealed class RecordedRequest
    {
        public long Id { get; set; }
        public DateTimeOffset ReceivedAtUtc { get; set; }
        public string Method { get; set; }
        public string Path { get; set; }
        public string Query { get; set; }
        public Dictionary<string, string> Headers { get; set; }
        public string Body { get; set; }
        /// <summary>Null while the request is still being answered, or when it never got an answer (hang).</summary>
        public int? Status { get; set; }
        /// <summary>True when the connection was aborted (reset scenario, or the client gave up).</summary>
        public bool Aborted { get; set; }
        public string Scenario { get; set; }
        /// <summary>The apim-request-id (data plane) or x-ms-request-id (ARM) the emulator answered with.</summary>
        public string ResponseRequestId { get; set; }
    }

    public sealed class RequestLog
    {
        private readonly object _gate = new object();
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();
        private long _nextId;

        public RecordedRequest Add(RecordedRequest request)
        {
            lock (_gate)
            {
                request.Id = ++_nextId;
                _requests.Add(request);
                return request;
            }
        }

        public RecordedRequest[] Snapshot()
        {
            lock (_gate) return _requests.ToArray();
        }

        public void Clear()
        {
            lock (_gate) _requests.Clear();
        }

        /// <summary>Status and abort flags are written by the request thread after the answer; read them under the same lock.</summary>
        public void Complete(RecordedRequest request, int? status, bool aborted, string responseRequestId)
        {
            lock (_gate)
            {
                request.Status = status;
                request.Aborted = aborted;
                request.ResponseRequestId = responseRequestId;
            }
        }

        public object[] SnapshotForJson()
        {
            lock (_gate)
            {
                return _requests.Select(r => (object)new
                {
                    id = r.Id,
                    receivedAtUtc = r.ReceivedAtUtc.UtcDateTime.ToString("o"),
                    method = r.Method,
                    path = r.Path,
                    query = r.Query,
                    headers = r.Headers,
                    body = r.Body,
                    status = r.Status,
                    aborted = r.Aborted,
                    scenario = r.Scenario,
                    responseRequestId = r.ResponseRequestId,
                }).ToArray();
            }
        }
    }
}
