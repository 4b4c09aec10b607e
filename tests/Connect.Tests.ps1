# Connect-RealtimeOps, Get-RealtimeOpsContext and Disconnect-RealtimeOps: every auth mode, endpoint checks,
# environment fallbacks, per-runspace contexts, and the secret canary over every stream.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -Emulator
    # Bearer tokens only travel over TLS (Azure.Core refuses http), so token modes use the emulator's https mode
    # in a fresh process that trusts its certificate through SSL_CERT_FILE.
    $script:tls = Start-RealtimeOpsEmulator -Https
    $script:EnvNames = 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID', 'AZURESUBSCRIPTION_CLIENT_ID', 'AZURESUBSCRIPTION_TENANT_ID', 'SYSTEM_ACCESSTOKEN'
    $script:SavedEnv = @{}
    foreach ($n in $EnvNames) { $SavedEnv[$n] = [Environment]::GetEnvironmentVariable($n); [Environment]::SetEnvironmentVariable($n, $null) }

    # .NET on Linux reads SSL_CERT_FILE from the native environment at start-up: set it for the child process.
    function Invoke-TlsClient([string] $Body) {
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $tls.CertificatePath
        try {
            Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Manifest'
$Body
"@
        }
        finally { $env:SSL_CERT_FILE = $previous }
    }
}

AfterAll {
    foreach ($n in $EnvNames) { [Environment]::SetEnvironmentVariable($n, $SavedEnv[$n]) }
    $tls | Stop-RealtimeOpsEmulator
    Complete-RealtimeOpsTest
}

Describe 'Connect-RealtimeOps parameter sets and endpoint checks' {
    AfterEach { Disconnect-RealtimeOps }

    It 'accepts exactly one way to authenticate' {
        { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Identity } | Should -Throw -ErrorId 'AmbiguousParameterSet,RealtimeOps.Cmdlets.ConnectRealtimeOpsCommand'
        { Connect-RealtimeOps -Endpoint $emu.BaseUri -AzureCli -ClientId abc } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        $sets = (Get-Command Connect-RealtimeOps).ParameterSets.Name
        $sets | Should -Contain 'ApiKey'
        $sets | Should -Contain 'AccessToken'
        $sets | Should -Contain 'ManagedIdentity'
        $sets | Should -Contain 'AzurePipelines'
        $sets | Should -Contain 'AzureCli'
        $sets | Should -Contain 'DefaultCredential'
    }

    It 'normalises a pasted client_secrets URL and explains it' {
        $ctx = Connect-RealtimeOps -Endpoint "$($emu.BaseUri)/openai/v1/realtime/client_secrets?api-version=2025-04-01-preview" -ApiKey $Key -PassThru -Verbose 4>&1
        $verbose = $ctx | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $context = $ctx | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }
        $context.Endpoint | Should -Be "$($emu.BaseUri)/"
        ($verbose -join "`n") | Should -Match 'path .*/openai/v1/realtime/client_secrets.* removed'
        ($verbose -join "`n") | Should -Match 'api-version was removed'
    }

    It 'refuses plain http to a remote host' {
        { Connect-RealtimeOps -Endpoint 'http://contoso.openai.azure.com' -ApiKey $Key } | Should -Throw -ErrorId 'ConnectionEndpointInvalid,*'
        Get-RealtimeOpsContext | Should -BeNullOrEmpty
    }

    It 'warns before a key could go to a host that is not Azure OpenAI' {
        Connect-RealtimeOps -Endpoint 'https://openai.example.com' -ApiKey $Key -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Match 'not an Azure OpenAI host'
        Connect-RealtimeOps -Endpoint 'https://contoso.openai.azure.com' -ApiKey $Key -WarningVariable w2 -WarningAction SilentlyContinue
        $w2 | Should -BeNullOrEmpty
    }

    It 'falls back to AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY' {
        try {
            $env:AZURE_OPENAI_ENDPOINT = $emu.BaseUri
            $env:AZURE_OPENAI_API_KEY = $emu.ApiKey
            $ctx = Connect-RealtimeOps -PassThru
            $ctx.AuthMode | Should -Be 'ApiKey'
            $ctx.Endpoint | Should -Be "$($emu.BaseUri)/"
            Disconnect-RealtimeOps
            # Not connected at all: a networked command uses the same variables.
            (New-RealtimeClientSecret -Deployment gpt-realtime).SessionId | Should -Match '^sess_'
        }
        finally { $env:AZURE_OPENAI_ENDPOINT = $null; $env:AZURE_OPENAI_API_KEY = $null }
    }

    It 'says how to connect when nothing is given' {
        { Connect-RealtimeOps } | Should -Throw -ErrorId 'ConnectionEndpointMissing,*'
        { Connect-RealtimeOps -Endpoint $emu.BaseUri } | Should -Throw -ErrorId 'ConnectionAuthenticationMissing,*'
        { New-RealtimeClientSecret -Deployment gpt-realtime } | Should -Throw -ErrorId 'ConnectionEndpointMissing,*'
    }

    It 'keeps the deployment and account settings and -MaxRetries/-TimeoutSec' {
        $ctx = Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment d1 -SubscriptionId sub -ResourceGroupName rg -AccountName acc -ResourceManagerEndpoint $emu.ResourceManagerEndpoint -MaxRetries 0 -TimeoutSec 7 -TokenScope 'https://ai.azure.com/.default' -PassThru
        $ctx.Deployment | Should -Be 'd1'
        $ctx.SubscriptionId | Should -Be 'sub'
        $ctx.ResourceGroupName | Should -Be 'rg'
        $ctx.AccountName | Should -Be 'acc'
        $ctx.ResourceManagerEndpoint | Should -Be $emu.ResourceManagerEndpoint
        $ctx.MaxRetries | Should -Be 0
        $ctx.TimeoutSec | Should -Be 7
        $ctx.TokenScope | Should -Be 'https://ai.azure.com/.default'
    }
}

Describe 'Get-RealtimeOpsContext and Disconnect-RealtimeOps' {
    It 'shows the auth mode and a fingerprint, never the key' {
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key
        $ctx = Get-RealtimeOpsContext
        $ctx.AuthMode | Should -Be 'ApiKey'
        $ctx.SecretFingerprint | Should -Match '^sha256:[0-9a-f]{8}$'
        $text = ($ctx | Format-List * -Force | Out-String) + ($ctx | Out-String) + ($ctx | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) + $ctx.ToString()
        $text | Should -Not -Match ([regex]::Escape($emu.ApiKey))
        ($ctx | Out-String) | Should -Match 'sha256:'
    }

    It 'forgets the connection and, with -ClearExchange, the exchanges' {
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime
        New-RealtimeClientSecret | Out-Null
        (Disconnect-RealtimeOps -PassThru).Endpoint | Should -Be "$($emu.BaseUri)/"
        Get-RealtimeOpsContext | Should -BeNullOrEmpty
        @(Get-RealtimeExchange).Count | Should -BeGreaterThan 0 -Because 'exchanges stay for a support bundle'
        Disconnect-RealtimeOps -ClearExchange
        Get-RealtimeExchange | Should -BeNullOrEmpty
    }

    It 'keeps one context per runspace' {
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; [bool](Get-RealtimeOpsContext)")
            $ps.Invoke() | Should -Be $false
        }
        finally { $ps.Dispose() }
        Get-RealtimeOpsContext | Should -Not -BeNullOrEmpty
        Disconnect-RealtimeOps
    }
}

Describe 'Auth modes end to end' -Tag Slow {
    BeforeEach {
        Set-EmulatorScenario -Emulator $tls healthy | Out-Null
        Clear-EmulatorRequest -Emulator $tls
    }

    It 'access token (from the emulator''s token endpoint) is sent as a bearer token' {
        $token = (New-EmulatorToken -Emulator $tls).AccessToken
        $r = Invoke-TlsClient @"
Connect-RealtimeOps -Endpoint '$($tls.BaseUri)' -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -Deployment gpt-realtime
`$s = New-RealtimeClientSecret
'MODE:' + (Get-RealtimeOpsContext).AuthMode
'SESSION:' + `$s.SessionId
'AUTHHEADER:' + (Get-RealtimeExchange -Last 1).RequestHeaders['Authorization']
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'MODE:AccessToken'
        $r.StdOut | Should -Match 'SESSION:sess_'
        $r.StdOut | Should -Match 'AUTHHEADER:Bearer \*\*\*REDACTED\*\*\*'
        $r.StdOut | Should -Not -Match ([regex]::Escape($token))
        $request = Get-EmulatorRequest -Emulator $tls -Path '/openai/v1/realtime/client_secrets'
        @($request).Count | Should -Be 1
        $request.status | Should -Be 200
    }

    It 'access token with the wrong audience is ClientSecretUnauthorized with the scope hint' {
        $token = (New-EmulatorToken -Emulator $tls -Resource 'https://management.azure.com').AccessToken
        $r = Invoke-TlsClient @"
New-RealtimeClientSecret -Endpoint '$($tls.BaseUri)' -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -Deployment gpt-realtime -ErrorAction SilentlyContinue -ErrorVariable e
'ID:' + `$e[0].FullyQualifiedErrorId
'HINT:' + `$e[0].ErrorDetails.RecommendedAction
"@
        $r.StdOut | Should -Match 'ID:ClientSecretUnauthorized,'
        $r.StdOut | Should -Match 'HINT:.*audience'
    }

    It 'managed identity through IDENTITY_ENDPOINT/IDENTITY_HEADER with the real ManagedIdentityCredential' {
        $r = Invoke-TlsClient @"
`$env:IDENTITY_ENDPOINT = '$($tls.IdentityEndpoint)'
`$env:IDENTITY_HEADER = '$($tls.IdentityHeader)'
Connect-RealtimeOps -Endpoint '$($tls.BaseUri)' -Identity -Deployment gpt-realtime
`$a = New-RealtimeClientSecret
`$b = New-RealtimeClientSecret
'MODE:' + (Get-RealtimeOpsContext).AuthMode
'SESSIONS:' + (@(`$a, `$b).SessionId -join ',')
'LOADED:' + (([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name }) -contains 'Azure.Identity')
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'MODE:ManagedIdentity'
        $r.StdOut | Should -Match 'SESSIONS:sess_\w+,sess_\w+'
        $r.StdOut | Should -Match 'LOADED:True'
        $msi = @(Get-EmulatorRequest -Emulator $tls -Path '/msi/token')
        $msi.Count | Should -Be 1 -Because 'the token is cached between calls'
        $msi[0].query | Should -Match 'resource=https://cognitiveservices\.azure\.com'
        @(Get-EmulatorRequest -Emulator $tls -Path '/openai/v1/realtime/client_secrets').status | Should -Be @(200, 200)
    }

    It 'user-assigned managed identity sends the -ClientId' {
        $r = Invoke-TlsClient @"
`$env:IDENTITY_ENDPOINT = '$($tls.IdentityEndpoint)'
`$env:IDENTITY_HEADER = '$($tls.IdentityHeader)'
`$s = New-RealtimeClientSecret -Endpoint '$($tls.BaseUri)' -Identity -ClientId 11111111-2222-3333-4444-555555555555 -Deployment gpt-realtime
'SESSION:' + `$s.SessionId
"@
        $r.StdOut | Should -Match 'SESSION:sess_'
        (Get-EmulatorRequest -Emulator $tls -Path '/msi/token').query | Should -Match 'client_id=11111111-2222-3333-4444-555555555555'
    }

    # No Azure CLI and no Azure Pipelines agent exist here: those modes are tested by construction only
    # (parameter sets, the environment variables read, the context built), never end to end.
    It 'Azure Pipelines (by construction): reads the AzureCLI@2/AzurePowerShell@5 variables, names the missing ones' {
        try {
            $env:AZURESUBSCRIPTION_CLIENT_ID = 'client-1'
            { Connect-RealtimeOps -Endpoint 'https://contoso.openai.azure.com' -AzurePipelines } |
                Should -Throw -ErrorId 'ConnectionPipelinesEnvironmentMissing,*' -ExpectedMessage '*AZURESUBSCRIPTION_SERVICE_CONNECTION_ID*SYSTEM_ACCESSTOKEN*'
            $env:AZURESUBSCRIPTION_TENANT_ID = 'tenant-1'
            $env:AZURESUBSCRIPTION_SERVICE_CONNECTION_ID = 'sc-1'
            $env:SYSTEM_ACCESSTOKEN = 'system-access-token-canary'
            $ctx = Connect-RealtimeOps -Endpoint 'https://contoso.openai.azure.com' -AzurePipelines -PassThru
            $ctx.AuthMode | Should -Be 'AzurePipelines'
            $ctx.ClientId | Should -Be 'client-1'
            $ctx.TenantId | Should -Be 'tenant-1'
            $ctx.ServiceConnectionId | Should -Be 'sc-1'
            ($ctx | Format-List * -Force | Out-String) | Should -Not -Match 'system-access-token-canary'
        }
        finally {
            foreach ($n in 'AZURESUBSCRIPTION_CLIENT_ID', 'AZURESUBSCRIPTION_TENANT_ID', 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID', 'SYSTEM_ACCESSTOKEN') { [Environment]::SetEnvironmentVariable($n, $null) }
            Disconnect-RealtimeOps
        }
    }

    It 'Azure CLI and DefaultAzureCredential (by construction): the context records the mode' {
        (Connect-RealtimeOps -Endpoint 'https://contoso.openai.azure.com' -AzureCli -PassThru).AuthMode | Should -Be 'AzureCli'
        (Connect-RealtimeOps -Endpoint 'https://contoso.openai.azure.com' -DefaultCredential -ClientId abc -PassThru).ClientId | Should -Be 'abc'
        Disconnect-RealtimeOps
    }
}

Describe 'Secret canary' -Tag Slow {
    It 'the key, the token and the minted values never appear in any stream, $Error, exception text or the exchanges' {
        $keyCanary = "canary-key-$([guid]::NewGuid().ToString('n'))"
        $tokenCanary = "canary-token-$([guid]::NewGuid().ToString('n'))"
        Add-EmulatorApiKey -Emulator $tls $keyCanary
        New-EmulatorToken -Emulator $tls -AccessToken $tokenCanary | Out-Null
        Set-EmulatorScenario -Emulator $tls healthy | Out-Null
        $r = Invoke-TlsClient @"
`$ErrorActionPreference = 'Continue'
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$InformationPreference = 'Continue'
`$minted = [Collections.Generic.List[string]]::new()
`$base = '$($tls.BaseUri)'
function Set-Scenario(`$name) { `$null = Invoke-RestMethod -Method Post -Uri "`$base/_emulator/scenario" -Body (@{ name = `$name; count = 1 } | ConvertTo-Json) -ContentType application/json -SkipCertificateCheck }
`$all = & {
    Connect-RealtimeOps -Endpoint `$base -ApiKey (ConvertTo-SecureString '$keyCanary' -AsPlainText -Force) -Deployment gpt-realtime -PassThru
    Get-RealtimeOpsContext
    `$s = New-RealtimeClientSecret -TranscriptionModel gpt-4o-transcribe; `$s; if (`$s) { `$minted.Add([Net.NetworkCredential]::new('', `$s.Value).Password) }
    foreach (`$scenario in 'audience-401', 'html-502', 'throttle', 'preview-response', 'transcription-500') {
        Set-Scenario `$scenario
        `$s = New-RealtimeClientSecret -TranscriptionModel gpt-4o-transcribe -MaxRetries 1
        if (`$s) { `$s; `$minted.Add([Net.NetworkCredential]::new('', `$s.Value).Password) }
    }
    Set-Scenario healthy
    New-RealtimeClientSecret -Deployment missing-deployment
    Connect-RealtimeOps -Endpoint `$base -AccessToken (ConvertTo-SecureString '$tokenCanary' -AsPlainText -Force) -Deployment gpt-realtime
    `$s = New-RealtimeClientSecret; `$s; if (`$s) { `$minted.Add([Net.NetworkCredential]::new('', `$s.Value).Password) }
    Set-Scenario audience-401
    New-RealtimeClientSecret
    Get-RealtimeExchange
} *>&1
`$text = [Text.StringBuilder]::new()
foreach (`$item in `$all) {
    [void]`$text.AppendLine((`$item | Format-List * -Force | Out-String -Width 4096))
    [void]`$text.AppendLine((`$item | Out-String -Width 4096))
    if (`$item -is [Management.Automation.ErrorRecord]) { [void]`$text.AppendLine(`$item.Exception.ToString()); [void]`$text.AppendLine([string]`$item.ErrorDetails) }
}
foreach (`$e in `$Error) { [void]`$text.AppendLine((`$e | Format-List * -Force | Out-String -Width 4096)); [void]`$text.AppendLine(`$e.Exception.ToString()) }
[void]`$text.AppendLine((Get-RealtimeExchange | ConvertTo-Json -Depth 6))
`$blob = `$text.ToString()
'STREAMS:' + ((`$all | ForEach-Object { `$_.GetType().Name } | Sort-Object -Unique) -join ',')
'EXCHANGES:' + @(Get-RealtimeExchange).Count
'ERRORS:' + `$Error.Count
'MINTED:' + `$minted.Count
'MINTLEAKS:' + @(`$minted | Where-Object { `$blob.Contains(`$_) }).Count
'KEYLEAK:' + `$blob.Contains('$keyCanary')
'TOKENLEAK:' + `$blob.Contains('$tokenCanary')
'EKLEAK:' + (`$blob -match 'ek_[0-9a-f]{8}')
"@
        $r.StdOut | Should -Match 'MINTED:[3-9]'
        $r.StdOut | Should -Match 'EXCHANGES:\d{2}'
        $r.StdOut | Should -Match 'ERRORS:[3-9]'
        $r.StdOut | Should -Match 'STREAMS:.*ErrorRecord.*VerboseRecord.*WarningRecord'
        $r.StdOut | Should -Match 'MINTLEAKS:0'
        $r.StdOut | Should -Match 'KEYLEAK:False'
        $r.StdOut | Should -Match 'TOKENLEAK:False'
        $r.StdOut | Should -Match 'EKLEAK:False'
        $r.StdOut + $r.StdErr | Should -Not -Match ([regex]::Escape($keyCanary))
        $r.StdOut + $r.StdErr | Should -Not -Match ([regex]::Escape($tokenCanary))
    }
}
