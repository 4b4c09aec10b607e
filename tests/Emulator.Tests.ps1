# The emulator is what every networked RealtimeOps test runs against: these tests pin its contract
# (the public Microsoft Learn pages and the OpenAI specification the module cites) so the module's tests can trust what it answers.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    $script:emu = Start-RealtimeOpsEmulator
    $script:base = $emu.BaseUri
    $script:clientSecrets = "$($emu.BaseUri)/openai/v1/realtime/client_secrets"
    $script:previewSessions = "$($emu.BaseUri)/openai/realtimeapi/sessions"
    $script:armAccount = "$($emu.BaseUri)/subscriptions/$($emu.SubscriptionId)/resourceGroups/$($emu.ResourceGroupName)/providers/Microsoft.CognitiveServices/accounts/$($emu.AccountName)"

    function Invoke-Emu {
        param(
            [string] $Uri,
            [string] $Method = 'Post',
            $Body,
            [hashtable] $Headers = @{},
            [int] $TimeoutSec = 20
        )
        $params = @{ Method = $Method; Uri = $Uri; Headers = $Headers; SkipHttpErrorCheck = $true; NoProxy = $true; TimeoutSec = $TimeoutSec }
        if ($null -ne $Body) {
            $params.ContentType = 'application/json'
            $params.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress }
        }
        Invoke-WebRequest @params
    }

    function Invoke-Mint {
        param($Body, [hashtable] $Headers, [string] $Query = '', [string] $Uri = $script:clientSecrets)
        if ($null -eq $Headers) { $Headers = @{ 'api-key' = $script:emu.ApiKey } }
        Invoke-Emu -Uri "$Uri$Query" -Body $Body -Headers $Headers
    }

    function Get-Json($Response) { $Response.Content | ConvertFrom-Json -Depth 50 }
    function Get-Header($Response, [string] $Name) { if ($Response.Headers.ContainsKey($Name)) { "$($Response.Headers[$Name])" } else { $null } }

    # Lines that load the real Azure.Identity (the versions Directory.Packages.props pins) and its dependencies
    # from the NuGet packages folder into a fresh pwsh.
    function Get-AzureIdentityLoadScript {
        $packages = $env:REALTIMEOPS_PACKAGE_ROOT
        if (-not $packages) { $packages = Join-Path $HOME '.nuget/packages' }
        [xml] $props = Get-Content -LiteralPath (Join-Path (Get-EmulatorRepoRootForTests) 'Directory.Packages.props') -Raw
        $pinned = @{}
        foreach ($p in $props.Project.ItemGroup.PackageVersion) { if ($p.Include) { $pinned[$p.Include.ToLowerInvariant()] = $p.Version } }
        $order = 'system.clientmodel', 'system.memory.data', 'microsoft.identitymodel.abstractions', 'azure.core',
                 'microsoft.identity.client', 'microsoft.identity.client.extensions.msal', 'azure.identity'
        $lines = foreach ($id in $order) {
            $versionDir = if ($pinned.ContainsKey($id)) { Join-Path $packages "$id/$($pinned[$id])" }
                          else { Get-ChildItem -LiteralPath (Join-Path $packages $id) -Directory | Sort-Object { [version] ($_.Name -replace '-.*$', '') } | Select-Object -Last 1 -ExpandProperty FullName }
            $dll = foreach ($tfm in 'net8.0', 'net6.0', 'netstandard2.1', 'netstandard2.0') {
                Get-ChildItem -LiteralPath (Join-Path $versionDir "lib/$tfm") -Filter '*.dll' -ErrorAction SilentlyContinue | Select-Object -First 1
            }
            $dll = @($dll)[0]
            if (-not $dll) { throw "Package $id is not restored under $packages (run build.ps1 Build first)." }
            "Add-Type -LiteralPath '$($dll.FullName)'"
        }
        $lines -join [Environment]::NewLine
    }
    function Get-EmulatorRepoRootForTests { if ($env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT } else { Split-Path $PSScriptRoot } }

    $script:realtimeBody = @{ session = @{ type = 'realtime'; model = 'gpt-realtime' } }
    $script:withTranscription = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = @{ model = 'gpt-4o-transcribe'; language = 'en' } } } } }
    $script:guidPattern = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
}

AfterAll {
    if ($script:emu) { $script:emu | Stop-RealtimeOpsEmulator }
}

Describe 'Emulator start-up contract' -Tag Slow {
    It 'listens on 127.0.0.1 and reports health with the scenario' {
        $base | Should -Match '^http://127\.0\.0\.1:\d+$'
        $emu.Port | Should -BeGreaterThan 0
        $h = Invoke-RestMethod "$base/_emulator/health" -NoProxy
        $h.status | Should -Be 'ok'
        $h.scenario | Should -Be 'healthy'
    }

    It 'exits 2 with the list of scenarios on an unknown scenario' {
        $dll = Get-EmulatorDllPath
        $dotnet = (Get-Process -Id $PID).Path
        if ((Split-Path $dotnet -Leaf) -notmatch '^dotnet(\.exe)?$') { $dotnet = 'dotnet' }
        $out = & $dotnet $dll --port 0 --scenario no-such-scenario 2>&1
        $LASTEXITCODE | Should -Be 2
        ($out -join "`n") | Should -Match "Unknown scenario 'no-such-scenario'.*transcription-500"
    }

    It 'prints only the listening line, logs nothing, and exits by itself when the --parent-pid process has exited' {
        $dll = Get-EmulatorDllPath
        $dotnet = (Get-Process -Id $PID).Path
        if ((Split-Path $dotnet -Leaf) -notmatch '^dotnet(\.exe)?$') { $dotnet = 'dotnet' }
        # A short-lived parent: a pwsh that sleeps two seconds.
        $parentInfo = [Diagnostics.ProcessStartInfo]::new($dotnet)
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        if ((Split-Path $dotnet -Leaf) -match '^dotnet') { $parentInfo.ArgumentList.Add($pwshDll) } else { $parentInfo.FileName = (Get-Process -Id $PID).Path }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', 'Start-Sleep -Seconds 2') { $parentInfo.ArgumentList.Add($a) }
        $parentInfo.UseShellExecute = $false
        $parent = [Diagnostics.Process]::Start($parentInfo)

        $childInfo = [Diagnostics.ProcessStartInfo]::new($dotnet)
        foreach ($a in $dll, '--port', '0', '--parent-pid', "$($parent.Id)") { $childInfo.ArgumentList.Add($a) }
        $childInfo.RedirectStandardOutput = $true
        $childInfo.RedirectStandardError = $true
        $childInfo.UseShellExecute = $false
        $child = [Diagnostics.Process]::Start($childInfo)
        try {
            $stderr = $child.StandardError.ReadToEndAsync()
            $first = $child.StandardOutput.ReadLine()
            $first | Should -Match '^RealtimeOps\.Emulator listening on http://127\.0\.0\.1:\d+$'
            $childBase = $first -replace '^.* on ', ''
            (Invoke-WebRequest -Method Post -Uri "$childBase/openai/v1/realtime/client_secrets" -Headers @{ 'api-key' = 'wrong' } -Body '{}' -SkipHttpErrorCheck -NoProxy).StatusCode | Should -Be 401
            $parent.WaitForExit(30000) | Should -BeTrue
            $child.WaitForExit(15000) | Should -BeTrue -Because 'the emulator polls its parent every second'
            $child.ExitCode | Should -Be 0
            $child.StandardOutput.ReadToEnd() | Should -BeNullOrEmpty -Because 'the listening line is the only stdout output'
            $stderr.Result | Should -BeNullOrEmpty -Because 'logging is off'
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
            if (-not $parent.HasExited) { $parent.Kill($true) }
        }
    }

    It 'exits 2 with a clear message when the port is taken' {
        $dotnet = (Get-Process -Id $PID).Path
        if ((Split-Path $dotnet -Leaf) -notmatch '^dotnet(\.exe)?$') { $dotnet = 'dotnet' }
        $out = & $dotnet (Get-EmulatorDllPath) --port $emu.Port 2>&1
        $LASTEXITCODE | Should -Be 2
        ($out -join "`n") | Should -Match "cannot listen on 127\.0\.0\.1:$($emu.Port).*--port 0"
    }

    It 'refuses a --config file with <Case> (exit 2, names the problem)' -ForEach @(
        @{ Case = 'a misspelt field'; Json = '{ "apiKey": ["k"] }'; Pattern = 'apiKey' }
        @{ Case = 'an account without a resource group'; Json = '{ "accounts": [ { "name": "a" } ] }'; Pattern = 'resourceGroup' }
        @{ Case = 'invalid JSON'; Json = '{ "apiKeys": [ '; Pattern = 'not valid' }
    ) {
        $config = Join-Path ([IO.Path]::GetTempPath()) "ro-emu-bad-$([guid]::NewGuid().ToString('n')).json"
        Set-Content -LiteralPath $config -Value $Json
        try {
            $dotnet = (Get-Process -Id $PID).Path
            if ((Split-Path $dotnet -Leaf) -notmatch '^dotnet(\.exe)?$') { $dotnet = 'dotnet' }
            $out = & $dotnet (Get-EmulatorDllPath) --port 0 --config $config 2>&1
            $LASTEXITCODE | Should -Be 2
            ($out -join "`n") | Should -Match $Pattern
        }
        finally { Remove-Item -LiteralPath $config -ErrorAction SilentlyContinue }
    }

    It 'takes keys, region, identity header and deployments from --config' {
        $config = Join-Path ([IO.Path]::GetTempPath()) "ro-emu-config-$([guid]::NewGuid().ToString('n')).json"
        @{
            apiKeys           = @('custom-key-1')
            regionDisplayName = 'East US 2'
            identityHeader    = 'custom-identity-header'
            accounts          = @(@{ name = 'custom'; resourceGroup = 'rg-custom'; location = 'eastus2'; deployments = @(@{ name = 'rt'; model = 'gpt-realtime'; version = '2025-08-28' }) })
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $config
        $custom = Start-RealtimeOpsEmulator -ConfigPath $config -Scenario throttle
        try {
            $custom.ApiKey | Should -Be 'custom-key-1'
            $custom.AccountName | Should -Be 'custom'
            $custom.IdentityHeader | Should -Be 'custom-identity-header'
            (Invoke-RestMethod "$($custom.BaseUri)/_emulator/health" -NoProxy).scenario | Should -Be 'throttle'
            Set-EmulatorScenario -Emulator $custom -Name healthy | Out-Null
            $ok = Invoke-Emu -Uri "$($custom.BaseUri)/openai/v1/realtime/client_secrets" -Headers @{ 'api-key' = 'custom-key-1' } -Body @{ session = @{ type = 'realtime'; model = 'rt' } }
            $ok.StatusCode | Should -Be 200
            Get-Header $ok 'x-ms-region' | Should -Be 'East US 2'
            (Invoke-Emu -Uri "$($custom.BaseUri)/openai/v1/realtime/client_secrets" -Headers @{ 'api-key' = 'emulator-key-0001' } -Body @{ session = @{ type = 'realtime'; model = 'rt' } }).StatusCode | Should -Be 401
            (Invoke-Emu -Uri "$($custom.BaseUri)/openai/v1/realtime/client_secrets" -Headers @{ 'api-key' = 'custom-key-1' } -Body $realtimeBody).StatusCode | Should -Be 404
        }
        finally {
            $custom | Stop-RealtimeOpsEmulator
            Remove-Item -LiteralPath $config -ErrorAction SilentlyContinue
        }
        $custom.Process.HasExited | Should -BeTrue
    }
}

Describe 'client_secrets: authentication' {
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null }

    It 'mints with a configured api key and answers the GA shape' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $r = Invoke-Mint -Body $realtimeBody
        $r.StatusCode | Should -Be 200
        $r.Headers['Content-Type'] | Should -Match '^application/json'
        $j = Get-Json $r
        $j.value | Should -Match '^ek_[0-9a-f]{32}$'
        $j.expires_at | Should -BeGreaterOrEqual ($before + 600)
        $j.expires_at | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 600)
        $j.session.id | Should -Match '^sess_'
        $j.session.object | Should -Be 'realtime.session'
        $j.session.type | Should -Be 'realtime'
        $j.session.model | Should -Be 'gpt-realtime'
        $j.session.audio.input.format.rate | Should -Be 24000
        $j.session.audio.input.transcription | Should -BeNullOrEmpty
    }

    It 'rejects a wrong api key with the invalid-key 401' {
        $r = Invoke-Mint -Body $realtimeBody -Headers @{ 'api-key' = 'not-a-key' }
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.code | Should -Be '401'
        (Get-Json $r).error.message | Should -BeLike 'Access denied due to invalid subscription key or wrong API endpoint.*'
    }

    It 'rejects a request without credentials' {
        $r = Invoke-Mint -Body $realtimeBody -Headers @{}
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.message | Should -BeLike 'Access denied due to invalid subscription key*'
    }

    It 'accepts a key planted through the control endpoint' {
        $canary = "canary-$([guid]::NewGuid().ToString('n'))"
        (Invoke-Mint -Body $realtimeBody -Headers @{ 'api-key' = $canary }).StatusCode | Should -Be 401
        Add-EmulatorApiKey -ApiKey $canary
        (Invoke-Mint -Body $realtimeBody -Headers @{ 'api-key' = $canary }).StatusCode | Should -Be 200
    }

    It 'accepts a bearer token from the managed-identity endpoint for <Resource>' -ForEach @(
        @{ Resource = 'https://cognitiveservices.azure.com' }
        @{ Resource = 'https://ai.azure.com/' }
    ) {
        $t = Invoke-RestMethod "$base/msi/token?api-version=2019-08-01&resource=$([uri]::EscapeDataString($Resource))" -Headers @{ 'X-IDENTITY-HEADER' = $emu.IdentityHeader } -NoProxy
        $r = Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $($t.access_token)" }
        $r.StatusCode | Should -Be 200
        (Get-Json $r).value | Should -Match '^ek_'
    }

    It 'accepts a token from the control endpoint (the -AccessToken path)' {
        $t = New-EmulatorToken
        $t.Resource | Should -Be 'https://cognitiveservices.azure.com'
        $t.ExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(30))
        (Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $($t.AccessToken)" }).StatusCode | Should -Be 200
    }

    It 'answers the audience 401 for a token of another audience (<Case>)' -ForEach @(
        @{ Case = 'ARM token'; Resource = 'https://management.azure.com' }
        @{ Case = 'graph token'; Resource = 'https://graph.microsoft.com' }
    ) {
        $t = New-EmulatorToken -Resource $Resource
        $r = Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $($t.AccessToken)" }
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.message | Should -Be 'Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
    }

    It 'accepts a caller-chosen canary token for the audience it was registered with' {
        $canary = "canary-token-$([guid]::NewGuid().ToString('n'))"
        (Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $canary" }).StatusCode | Should -Be 401
        (New-EmulatorToken -AccessToken $canary).AccessToken | Should -Be $canary
        (Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $canary" }).StatusCode | Should -Be 200
        $armCanary = "canary-arm-$([guid]::NewGuid().ToString('n'))"
        New-EmulatorToken -Resource 'https://management.azure.com' -AccessToken $armCanary | Out-Null
        (Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = "Bearer $armCanary" }).StatusCode | Should -Be 401
    }

    It 'answers the audience 401 for a token it never issued' {
        $r = Invoke-Mint -Body $realtimeBody -Headers @{ Authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.forged' }
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.message | Should -BeLike 'Access token is missing, invalid, audience is incorrect*'
    }
}

Describe 'client_secrets: api-version' {
    It 'accepts <Query>' -ForEach @(@{ Query = '' }, @{ Query = '?api-version=v1' }, @{ Query = '?api-version=preview' }) {
        (Invoke-Mint -Body $realtimeBody -Query $Query).StatusCode | Should -Be 200
    }

    It 'answers 401 to a dated api-version on the GA path' {
        $r = Invoke-Mint -Body $realtimeBody -Query '?api-version=2025-04-01-preview'
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.message | Should -Match "2025-04-01-preview.*GA /openai/v1 URLs must not carry"
    }

    It 'answers 400 invalid_value to any other api-version' {
        $r = Invoke-Mint -Body $realtimeBody -Query '?api-version=banana'
        $r.StatusCode | Should -Be 400
        $e = (Get-Json $r).error
        $e.code | Should -Be 'invalid_value'
        $e.param | Should -Be 'api-version'
    }
}

Describe 'client_secrets: request validation' {
    It 'names a beta field in a GA session as unknown_parameter <Param>' -ForEach @(
        @{ Param = 'session.input_audio_transcription'; Session = @{ type = 'realtime'; model = 'gpt-realtime'; input_audio_transcription = @{ model = 'whisper-1' } } }
        @{ Param = 'session.turn_detection'; Session = @{ type = 'realtime'; model = 'gpt-realtime'; turn_detection = @{ type = 'server_vad' } } }
        @{ Param = 'session.modalities'; Session = [ordered]@{ type = 'realtime'; model = 'gpt-realtime'; modalities = @('audio') } }
        @{ Param = 'session.audio.input.transcription.temperature'; Session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = @{ model = 'whisper-1'; temperature = 0 } } } } }
        @{ Param = 'session.audio.input.turn_detection.threshold'; Session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ turn_detection = [ordered]@{ type = 'semantic_vad'; threshold = 0.5 } } } } }
        @{ Param = 'session.model'; Session = @{ type = 'transcription'; model = 'gpt-realtime' } }
    ) {
        $r = Invoke-Mint -Body @{ session = $Session }
        $r.StatusCode | Should -Be 400
        $r.Content | Should -BeExactly ('{"error":{"message":"Unknown parameter: ''' + $Param + '''.","type":"invalid_request_error","param":"' + $Param + '","code":"unknown_parameter"}}')
    }

    It 'names the beta field even when session.type is missing (the commonest copy-paste mistake)' {
        $r = Invoke-Mint -Body @{ session = @{ model = 'gpt-realtime'; input_audio_transcription = @{ model = 'whisper-1' } } }
        (Get-Json $r).error.param | Should -Be 'session.input_audio_transcription'
    }

    It 'does not look inside user-defined objects (tool parameters, tracing metadata, prompt variables)' {
        $session = @{
            type    = 'realtime'; model = 'gpt-realtime'
            tools   = @(@{ type = 'function'; name = 'lookup'; description = 'd'; parameters = @{ type = 'object'; properties = @{ anything = @{ type = 'string' } } } })
            tracing = @{ workflow_name = 'w'; metadata = @{ free = 'form' } }
            prompt  = @{ id = 'pmpt_1'; variables = @{ city = 'Oslo' } }
            audio   = @{ input = @{ format = @{ type = 'audio/pcm'; rate = 24000 }; noise_reduction = @{ type = 'near_field' }; turn_detection = @{ type = 'semantic_vad'; eagerness = 'low' }; transcription = @{ model = 'gpt-4o-mini-transcribe'; language = 'sv'; prompt = 'names' } }; output = @{ voice = 'marin'; speed = 1.1 } }
        }
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $r = Invoke-Mint -Body @{ session = $session; expires_after = @{ anchor = 'created_at'; seconds = 120 } }
        $after = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $r.StatusCode | Should -Be 200
        $j = Get-Json $r
        $j.session.audio.output.voice | Should -Be 'marin'
        $j.session.audio.input.turn_detection.type | Should -Be 'semantic_vad'
        $j.session.audio.input.transcription.model | Should -Be 'gpt-4o-mini-transcribe'
        # Created while the request was answered, so expires_at lies 120 s after a moment between $before and $after.
        $j.expires_at | Should -BeGreaterOrEqual ($before + 120)
        $j.expires_at | Should -BeLessOrEqual ($after + 120)
    }

    It 'answers 400 <Code> with param <Param> for <Case>' -ForEach @(
        @{ Case = 'no session.type'; Code = 'missing_required_parameter'; Param = 'session.type'; Body = @{ session = @{ model = 'gpt-realtime' } } }
        @{ Case = 'a wrong session.type'; Code = 'invalid_value'; Param = 'session.type'; Body = @{ session = @{ type = 'conversation'; model = 'gpt-realtime' } } }
        @{ Case = 'no model on a realtime session'; Code = 'missing_required_parameter'; Param = 'session.model'; Body = @{ session = @{ type = 'realtime' } } }
        @{ Case = 'expires_after.seconds below 10'; Code = 'invalid_value'; Param = 'expires_after.seconds'; Body = @{ expires_after = @{ anchor = 'created_at'; seconds = 5 }; session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = 'expires_after.seconds above 7200'; Code = 'invalid_value'; Param = 'expires_after.seconds'; Body = @{ expires_after = @{ seconds = 7201 }; session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = 'a wrong anchor'; Code = 'invalid_value'; Param = 'expires_after.anchor'; Body = @{ expires_after = @{ anchor = 'now' }; session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = 'a 16 kHz input rate'; Code = 'invalid_value'; Param = 'session.audio.input.format.rate'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ format = @{ type = 'audio/pcm'; rate = 16000 } } } } } }
        @{ Case = 'a beta audio format name'; Code = 'invalid_value'; Param = 'session.audio.input.format.type'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ format = @{ type = 'pcm16' } } } } } }
        @{ Case = 'an unknown transcription model'; Code = 'invalid_value'; Param = 'session.audio.input.transcription.model'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = @{ model = 'whisper-2' } } } } } }
        @{ Case = 'an unknown top-level field'; Code = 'unknown_parameter'; Param = 'client_secret'; Body = @{ client_secret = @{}; session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = 'tools that are not an array'; Code = 'invalid_type'; Param = 'session.tools'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; tools = 'lookup' } } }
        @{ Case = 'a turn_detection that is not an object'; Code = 'invalid_type'; Param = 'session.audio.input.turn_detection'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ turn_detection = 'server_vad' } } } } }
    ) {
        $r = Invoke-Mint -Body $Body
        $r.StatusCode | Should -Be 400
        $e = (Get-Json $r).error
        $e.code | Should -Be $Code
        $e.param | Should -Be $Param
        $e.type | Should -Be 'invalid_request_error'
        $e.message | Should -Not -BeNullOrEmpty
    }

    It 'answers 400 invalid_json to a body that is not JSON (<Case>)' -ForEach @(
        @{ Case = 'truncated'; Json = '{"session": {' }
        @{ Case = 'a duplicate property'; Json = '{"session":{"type":"realtime","type":"realtime","model":"gpt-realtime"}}' }
    ) {
        $r = Invoke-Mint -Body $Json
        $r.StatusCode | Should -Be 400
        (Get-Json $r).error.code | Should -Be 'invalid_json'
    }

    It 'answers 404 DeploymentNotFound when session.model is not a deployment of the first account' {
        $r = Invoke-Mint -Body @{ session = @{ type = 'realtime'; model = 'gpt-realtime-mini' } }
        $r.StatusCode | Should -Be 404
        $r.Content | Should -BeExactly '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}'
    }

    It 'refuses a realtime session on a deployment of a chat model' {
        $r = Invoke-Mint -Body @{ session = @{ type = 'realtime'; model = 'chat-gpt-4o' } }
        $r.StatusCode | Should -Be 400
        (Get-Json $r).error.code | Should -Be 'OperationNotSupported'
    }

    It 'accepts a transcription model given as a deployment name or a documented model name (<Model>)' -ForEach @(
        @{ Model = 'gpt-4o-transcribe' }, @{ Model = 'whisper-1' }, @{ Model = 'gpt-4o-transcribe-diarize' }
    ) {
        $r = Invoke-Mint -Body @{ session = @{ type = 'transcription'; audio = @{ input = @{ transcription = @{ model = $Model } } } } }
        $r.StatusCode | Should -Be 200
        $j = Get-Json $r
        $j.session.object | Should -Be 'realtime.transcription_session'
        $j.session.type | Should -Be 'transcription'
        $j.session.audio.input.transcription.model | Should -Be $Model
    }
}

Describe 'Data-plane response headers' {
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null }

    It 'carries apim-request-id, x-request-id and x-ms-region on a <Case> and echoes x-ms-client-request-id' -ForEach @(
        @{ Case = '200'; Status = 200; Scenario = 'healthy'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = '400'; Status = 400; Scenario = 'healthy'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; voice = 'alloy' } } }
        @{ Case = '404'; Status = 404; Scenario = 'healthy'; Body = @{ session = @{ type = 'realtime'; model = 'missing' } } }
        @{ Case = '500'; Status = 500; Scenario = 'transcription-500'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = @{ model = 'whisper-1' } } } } } }
        @{ Case = '429'; Status = 429; Scenario = 'throttle'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
        @{ Case = 'HTML 502'; Status = 502; Scenario = 'html-502'; Body = @{ session = @{ type = 'realtime'; model = 'gpt-realtime' } } }
    ) {
        Set-EmulatorScenario -Name $Scenario | Out-Null
        $clientId = [guid]::NewGuid().ToString()
        $r = Invoke-Mint -Body $Body -Headers @{ 'api-key' = $emu.ApiKey; 'x-ms-client-request-id' = $clientId }
        $r.StatusCode | Should -Be $Status
        Get-Header $r 'apim-request-id' | Should -Match $guidPattern
        Get-Header $r 'x-request-id' | Should -Match $guidPattern
        Get-Header $r 'x-ms-region' | Should -Be 'Sweden Central'
        Get-Header $r 'x-ms-client-request-id' | Should -Be $clientId
    }

    It 'gives each response a new apim-request-id and does not invent x-ms-client-request-id' {
        $a = Invoke-Mint -Body $realtimeBody
        $b = Invoke-Mint -Body $realtimeBody
        Get-Header $a 'apim-request-id' | Should -Not -Be (Get-Header $b 'apim-request-id')
        Get-Header $a 'x-ms-client-request-id' | Should -BeNullOrEmpty
    }
}

Describe 'Request log' {
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null; Clear-EmulatorRequest }

    It 'records what was sent and answered, and not the control calls' {
        $before = [DateTimeOffset]::UtcNow
        $r = Invoke-Mint -Body $withTranscription -Query '?api-version=v1'
        $after = [DateTimeOffset]::UtcNow
        Invoke-RestMethod "$base/_emulator/health" -NoProxy | Out-Null
        $log = @(Get-EmulatorRequest)
        $log.Count | Should -Be 1
        $entry = $log[0]
        $entry.method | Should -Be 'POST'
        $entry.path | Should -Be '/openai/v1/realtime/client_secrets'
        $entry.query | Should -Be 'api-version=v1'
        $entry.headers.'api-key' | Should -Be $emu.ApiKey
        ($entry.body | ConvertFrom-Json).session.audio.input.transcription.model | Should -Be 'gpt-4o-transcribe'
        $entry.status | Should -Be 200
        $entry.scenario | Should -Be 'healthy'
        $entry.aborted | Should -BeFalse
        $entry.responseRequestId | Should -Be (Get-Header $r 'apim-request-id')
        # Received while the request was sent: between the two readings of the same machine's clock. (The JSON reader
        # already made a DateTime of the ISO 8601 text; a cast keeps its ticks, a Parse of its text would drop them.)
        $received = [DateTimeOffset] $entry.receivedAtUtc
        $received | Should -BeGreaterOrEqual $before
        $received | Should -BeLessOrEqual $after
    }

    It 'records ARM and identity requests too, filters by path, and clears' {
        Invoke-Emu -Uri "$base/msi/token?api-version=2019-08-01&resource=https://management.azure.com" -Method Get -Headers @{ 'X-IDENTITY-HEADER' = $emu.IdentityHeader } | Out-Null
        Invoke-Emu -Uri "$armAccount`?api-version=2024-10-01" -Method Get | Out-Null
        @(Get-EmulatorRequest).Count | Should -Be 2
        @(Get-EmulatorRequest -Path '/msi/*').Count | Should -Be 1
        (Get-EmulatorRequest -Path '/subscriptions/*').status | Should -Be 401
        Clear-EmulatorRequest
        @(Get-EmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Fault scenarios' {
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null; Clear-EmulatorRequest }
    AfterAll { Set-EmulatorScenario -Name healthy | Out-Null }

    It 'rejects an unknown scenario and lists the known ones' {
        $r = Invoke-Emu -Uri "$base/_emulator/scenario" -Body @{ name = 'meteor-strike' }
        $r.StatusCode | Should -Be 400
        $r.Content | Should -Match 'transcription-500'
        (Invoke-RestMethod "$base/_emulator/scenario" -NoProxy).name | Should -Be 'healthy'
    }

    It 'transcription-500: 500 server_error only when transcription is on, after normal validation' {
        Set-EmulatorScenario -Name transcription-500 | Out-Null
        $fault = Invoke-Mint -Body $withTranscription
        $fault.StatusCode | Should -Be 500
        $fault.Content | Should -BeExactly '{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":"server_error"}}'
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
        $off = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = $null } } } }
        (Invoke-Mint -Body $off).StatusCode | Should -Be 200
        $invalid = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; input_audio_transcription = @{ model = 'whisper-1' } } }
        (Invoke-Mint -Body $invalid).StatusCode | Should -Be 400
        (Invoke-Mint -Body $withTranscription -Headers @{ 'api-key' = 'wrong' }).StatusCode | Should -Be 401
        (Get-EmulatorRequest).scenario | Sort-Object -Unique | Should -Be 'transcription-500'
    }

    It 'throttle: the first <Count> requests get 429 with retry-after-ms, then success' -ForEach @(@{ Count = 2 }, @{ Count = 3 }) {
        Set-EmulatorScenario -Name throttle -Count $Count | Out-Null
        foreach ($i in 1..$Count) {
            $r = Invoke-Mint -Body $realtimeBody
            $r.StatusCode | Should -Be 429
            Get-Header $r 'retry-after-ms' | Should -Be '200'
            Get-Header $r 'retry-after' | Should -Be '1'
            (Get-Json $r).error.code | Should -Be '429'
            (Get-Json $r).error.message | Should -Match 'exceeded .*rate limit'
        }
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
    }

    It 'flaky-503: fails about the given rate, repeatably for a seed' {
        $draw = {
            param($Rate, $Seed)
            Set-EmulatorScenario -Name flaky-503 -FailureRate $Rate -Seed $Seed | Out-Null
            foreach ($i in 1..20) { (Invoke-Mint -Body $realtimeBody).StatusCode }
        }
        $first = @(& $draw 0.5 7)
        $second = @(& $draw 0.5 7)
        ($first -join ',') | Should -Be ($second -join ',')
        @($first | Where-Object { $_ -eq 503 }).Count | Should -BeGreaterThan 2
        @($first | Where-Object { $_ -eq 200 }).Count | Should -BeGreaterThan 2
        (@(& $draw 1 1) | Sort-Object -Unique) | Should -Be 503
        (@(& $draw 0 1) | Sort-Object -Unique) | Should -Be 200
    }

    It 'html-502: a gateway HTML page, while control endpoints still answer JSON' {
        Set-EmulatorScenario -Name html-502 | Out-Null
        $r = Invoke-Mint -Body $realtimeBody
        $r.StatusCode | Should -Be 502
        $r.Headers['Content-Type'] | Should -Match '^text/html'
        $r.Content | Should -Match '<title>502 Bad Gateway</title>'
        (Invoke-RestMethod "$base/_emulator/health" -NoProxy).scenario | Should -Be 'html-502'
    }

    It 'reset: the client sees a broken connection and the log marks it aborted' {
        Set-EmulatorScenario -Name reset | Out-Null
        { Invoke-WebRequest -Method Post -Uri $clientSecrets -Headers @{ 'api-key' = $emu.ApiKey } -ContentType application/json -Body '{}' -NoProxy -TimeoutSec 20 } |
            Should -Throw
        $entry = @(Get-EmulatorRequest)[-1]
        $entry.aborted | Should -BeTrue
        $entry.status | Should -Be 200
        (Invoke-RestMethod "$base/_emulator/health" -NoProxy).status | Should -Be 'ok'
    }

    It 'hang: never answers, and neither blocks other requests nor the control endpoints' {
        Set-EmulatorScenario -Name hang | Out-Null
        $client = [System.Net.Http.HttpClient]::new()
        $client.Timeout = [TimeSpan]::FromSeconds(30)
        try {
            $content = [System.Net.Http.StringContent]::new('{}', [Text.Encoding]::UTF8, 'application/json')
            $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, $clientSecrets)
            $request.Headers.Add('api-key', $emu.ApiKey)
            $request.Content = $content
            $pending = $client.SendAsync($request)

            (Invoke-RestMethod "$base/_emulator/health" -NoProxy -TimeoutSec 5).scenario | Should -Be 'hang'
            { Invoke-WebRequest -Method Post -Uri $clientSecrets -Headers @{ 'api-key' = $emu.ApiKey } -ContentType application/json -Body '{}' -NoProxy -TimeoutSec 2 } |
                Should -Throw '*Timeout*'
            $pending.IsCompleted | Should -BeFalse -Because 'the first hung request is still waiting'
            Set-EmulatorScenario -Name healthy | Out-Null
            (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
            $hung = @(Get-EmulatorRequest | Where-Object scenario -eq 'hang')
            $hung.Count | Should -Be 2
            $hung | ForEach-Object { $_.status | Should -BeNullOrEmpty }
        }
        finally { $client.Dispose() }
    }

    It 'preview-response: the GA path answers the old client_secret shape' {
        Set-EmulatorScenario -Name preview-response | Out-Null
        $j = Get-Json (Invoke-Mint -Body $realtimeBody)
        $j.object | Should -Be 'realtime.session'
        $j.id | Should -Match '^sess_'
        $j.client_secret.value | Should -Match '^ek_'
        $j.client_secret.expires_at | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())
        $j.PSObject.Properties.Name | Should -Not -Contain 'value'
    }

    It 'audience-401: even a valid key gets the audience message' {
        Set-EmulatorScenario -Name audience-401 | Out-Null
        $r = Invoke-Mint -Body $realtimeBody
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.message | Should -Be 'Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
    }

    It 'target arm: ARM reads are throttled with Retry-After, then answered, while the data plane is untouched' {
        Set-EmulatorScenario -Name throttle -Count 1 -Target arm | Out-Null
        (Invoke-RestMethod "$base/_emulator/scenario" -NoProxy).target | Should -Be 'arm'
        $headers = @{ Authorization = "Bearer $((New-EmulatorToken -Resource 'https://management.azure.com').AccessToken)" }
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
        $r = Invoke-Emu -Method Get -Uri "$armAccount/deployments?api-version=2024-10-01" -Headers $headers
        $r.StatusCode | Should -Be 429
        Get-Header $r 'retry-after' | Should -Be '1'
        Get-Header $r 'x-ms-request-id' | Should -Match $guidPattern
        (Get-Json $r).error.code | Should -Be 'TooManyRequests'
        (Invoke-Emu -Method Get -Uri "$armAccount/deployments?api-version=2024-10-01" -Headers $headers).StatusCode | Should -Be 200
    }

    It 'target <Target>: <Name> strikes ARM reads as <Status>' -ForEach @(
        @{ Target = 'arm'; Name = 'flaky-503'; Status = 503 }
        @{ Target = 'all'; Name = 'html-502'; Status = 502 }
        @{ Target = 'arm'; Name = 'audience-401'; Status = 401 }
    ) {
        Set-EmulatorScenario -Name $Name -Target $Target -FailureRate 1 | Out-Null
        $headers = @{ Authorization = "Bearer $((New-EmulatorToken -Resource 'https://management.azure.com').AccessToken)" }
        (Invoke-Emu -Method Get -Uri "$armAccount`?api-version=2024-10-01" -Headers $headers).StatusCode | Should -Be $Status
        $dataPlane = (Invoke-Mint -Body $realtimeBody).StatusCode
        if ($Target -eq 'all') { $dataPlane | Should -Be $Status } else { $dataPlane | Should -Be 200 }
    }

    It 'target arm: reset and hang break ARM reads too' {
        $headers = @{ Authorization = "Bearer $((New-EmulatorToken -Resource 'https://management.azure.com').AccessToken)" }
        Set-EmulatorScenario -Name reset -Target arm | Out-Null
        { Invoke-WebRequest -Uri "$armAccount`?api-version=2024-10-01" -Headers $headers -NoProxy -TimeoutSec 20 } | Should -Throw
        Set-EmulatorScenario -Name hang -Target arm | Out-Null
        { Invoke-WebRequest -Uri "$armAccount`?api-version=2024-10-01" -Headers $headers -NoProxy -TimeoutSec 2 } | Should -Throw '*Timeout*'
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
    }

    It 'by default the generic faults leave ARM alone' {
        Set-EmulatorScenario -Name html-502 | Out-Null
        $headers = @{ Authorization = "Bearer $((New-EmulatorToken -Resource 'https://management.azure.com').AccessToken)" }
        (Invoke-Emu -Method Get -Uri "$armAccount`?api-version=2024-10-01" -Headers $headers).StatusCode | Should -Be 200
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 502
    }

    It 'rejects an unknown target' {
        $r = Invoke-Emu -Uri "$base/_emulator/scenario" -Body @{ name = 'throttle'; target = 'everything' }
        $r.StatusCode | Should -Be 400
        $r.Content | Should -Match 'data-plane, arm, all'
    }

    It 'arm-forbidden: ARM reads get 403 AuthorizationFailed, the data plane is untouched' {
        Set-EmulatorScenario -Name arm-forbidden | Out-Null
        $token = (New-EmulatorToken -Resource 'https://management.azure.com').AccessToken
        $r = Invoke-Emu -Method Get -Uri "$armAccount/deployments?api-version=2024-10-01" -Headers @{ Authorization = "Bearer $token" }
        $r.StatusCode | Should -Be 403
        (Get-Json $r).error.code | Should -Be 'AuthorizationFailed'
        (Get-Json $r).error.message | Should -Match 'Microsoft.CognitiveServices/accounts/deployments/read'
        (Invoke-Mint -Body $realtimeBody).StatusCode | Should -Be 200
    }

    It 'forbidden-403: the data plane refuses with 403 and request ids, ARM reads are untouched' {
        Set-EmulatorScenario -Name forbidden-403 | Out-Null
        $r = Invoke-Mint -Body $realtimeBody
        $r.StatusCode | Should -Be 403
        (Get-Json $r).error.message | Should -Match 'Firewall'
        $r.Headers['apim-request-id'] | Should -Not -BeNullOrEmpty
        $token = (New-EmulatorToken -Resource 'https://management.azure.com').AccessToken
        (Invoke-Emu -Method Get -Uri "$armAccount/deployments?api-version=2024-10-01" -Headers @{ Authorization = "Bearer $token" }).StatusCode | Should -Be 200
    }
}

Describe 'Preview (beta) sessions endpoint' {
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null }
    AfterAll { Set-EmulatorScenario -Name healthy | Out-Null }

    It 'mints with the beta session shape and answers client_secret valid one minute' {
        $body = @{ model = 'gpt-realtime'; modalities = @('audio', 'text'); voice = 'alloy'; input_audio_transcription = @{ model = 'whisper-1' }; turn_detection = @{ type = 'server_vad' } }
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $r = Invoke-Mint -Uri $previewSessions -Query '?api-version=2025-04-01-preview' -Body $body
        $after = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $r.StatusCode | Should -Be 200
        $j = Get-Json $r
        $j.object | Should -Be 'realtime.session'
        $j.model | Should -Be 'gpt-realtime'
        $j.input_audio_transcription.model | Should -Be 'whisper-1'
        $j.client_secret.value | Should -Match '^ek_'
        $j.client_secret.expires_at | Should -BeGreaterOrEqual ($before + 60)
        $j.client_secret.expires_at | Should -BeLessOrEqual ($after + 60)
        Get-Header $r 'apim-request-id' | Should -Match $guidPattern
    }

    It 'rejects the GA-only type field as session.type' {
        $r = Invoke-Mint -Uri $previewSessions -Query '?api-version=2025-04-01-preview' -Body @{ type = 'realtime'; model = 'gpt-realtime' }
        $r.StatusCode | Should -Be 400
        (Get-Json $r).error.message | Should -Be "Unknown parameter: 'session.type'."
        (Get-Json $r).error.code | Should -Be 'unknown_parameter'
    }

    It 'needs a dated api-version and an existing deployment' {
        (Invoke-Mint -Uri $previewSessions -Body @{ model = 'gpt-realtime' }).StatusCode | Should -Be 404
        $r = Invoke-Mint -Uri $previewSessions -Query '?api-version=2025-04-01-preview' -Body @{ model = 'nope' }
        $r.StatusCode | Should -Be 404
        (Get-Json $r).error.code | Should -Be 'DeploymentNotFound'
    }

    It 'transcription-500 also hits beta requests that turn input_audio_transcription on' {
        Set-EmulatorScenario -Name transcription-500 | Out-Null
        (Invoke-Mint -Uri $previewSessions -Query '?api-version=2025-04-01-preview' -Body @{ model = 'gpt-realtime'; input_audio_transcription = @{ model = 'whisper-1' } }).StatusCode | Should -Be 500
        (Invoke-Mint -Uri $previewSessions -Query '?api-version=2025-04-01-preview' -Body @{ model = 'gpt-realtime'; input_audio_transcription = $null }).StatusCode | Should -Be 200
    }
}

Describe 'Managed-identity endpoint' -Tag Slow {
    It 'issues a token in the App Service shape for <Resource>' -ForEach @(
        @{ Resource = 'https://cognitiveservices.azure.com' }
        @{ Resource = 'https://management.azure.com/' }
    ) {
        $t = Invoke-RestMethod "$base/msi/token?api-version=2019-08-01&resource=$([uri]::EscapeDataString($Resource))" -Headers @{ 'X-IDENTITY-HEADER' = $emu.IdentityHeader } -NoProxy
        $t.access_token | Should -Not -BeNullOrEmpty
        $t.token_type | Should -Be 'Bearer'
        $t.resource | Should -Be $Resource
        $t.expires_on | Should -BeOfType [string]
        [long] $t.expires_on | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(30).ToUnixTimeSeconds())
        $t.client_id | Should -Match $guidPattern
    }

    It 'echoes a user-assigned client_id' {
        $id = [guid]::NewGuid().ToString()
        (Invoke-RestMethod "$base/msi/token?api-version=2019-08-01&resource=https://cognitiveservices.azure.com&client_id=$id" -Headers @{ 'X-IDENTITY-HEADER' = $emu.IdentityHeader } -NoProxy).client_id | Should -Be $id
    }

    It 'answers <Status> when <Case>' -ForEach @(
        @{ Case = 'the identity header is missing'; Status = 400; Headers = @{}; Query = 'api-version=2019-08-01&resource=https://cognitiveservices.azure.com' }
        @{ Case = 'the identity header is wrong'; Status = 401; Headers = @{ 'X-IDENTITY-HEADER' = 'wrong' }; Query = 'api-version=2019-08-01&resource=https://cognitiveservices.azure.com' }
        @{ Case = 'resource is missing'; Status = 400; Headers = $null; Query = 'api-version=2019-08-01' }
        @{ Case = 'the api-version is not 2019-08-01'; Status = 400; Headers = $null; Query = 'api-version=2017-09-01&resource=https://cognitiveservices.azure.com' }
    ) {
        if ($null -eq $Headers) { $Headers = @{ 'X-IDENTITY-HEADER' = $emu.IdentityHeader } }
        $r = Invoke-Emu -Method Get -Uri "$base/msi/token?$Query" -Headers $Headers
        $r.StatusCode | Should -Be $Status
        (Get-Json $r).message | Should -Not -BeNullOrEmpty
    }

    It 'answers the VM (IMDS) protocol only with the Metadata header' {
        $r = Invoke-Emu -Method Get -Uri "$base/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com"
        $r.StatusCode | Should -Be 400
        (Get-Json $r).error | Should -Be 'invalid_request'
        $t = Invoke-RestMethod "$base/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com" -Headers @{ Metadata = 'true' } -NoProxy
        $t.token_type | Should -Be 'Bearer'
        [long] $t.expires_in | Should -BeGreaterThan 1800
        $armToken = $t.access_token
        (Invoke-Emu -Method Get -Uri "$armAccount`?api-version=2024-10-01" -Headers @{ Authorization = "Bearer $armToken" }).StatusCode | Should -Be 200
    }

    It 'serves the real Azure.Identity ManagedIdentityCredential through the <Source> source' -ForEach @(
        @{ Source = 'AppService'; Path = '/msi/token'; Query = 'api-version=2019-08-01&resource=https://cognitiveservices.azure.com' }
        @{ Source = 'Imds'; Path = '/metadata/identity/oauth2/token'; Query = 'api-version=2018-02-01&resource=https://cognitiveservices.azure.com' }
    ) {
        $script = @'
$ErrorActionPreference = 'Stop'
__LOAD_AZURE_IDENTITY__
$credential = [Azure.Identity.ManagedIdentityCredential]::new([Azure.Identity.ManagedIdentityId]::SystemAssigned)
$context = [Azure.Core.TokenRequestContext]::new([string[]] @('https://cognitiveservices.azure.com/.default'))
$token = $credential.GetToken($context, [Threading.CancellationToken]::None)
$mint = Invoke-WebRequest -Method Post -Uri '__BASE__/openai/v1/realtime/client_secrets' -Headers @{ Authorization = "Bearer $($token.Token)" } `
    -ContentType application/json -Body '{"session":{"type":"realtime","model":"gpt-realtime"}}' -SkipHttpErrorCheck -NoProxy
[pscustomobject]@{ Status = [int] $mint.StatusCode; Expires = $token.ExpiresOn.ToUnixTimeSeconds() } | ConvertTo-Json -Compress
'@
        $script = $script.Replace('__LOAD_AZURE_IDENTITY__', (Get-AzureIdentityLoadScript)).Replace('__BASE__', $base)
        Clear-EmulatorRequest
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
        $previous = Set-EmulatorIdentityEnvironment -Source $Source
        try { $run = Invoke-FreshPwsh -Script $script }
        finally { Restore-EmulatorIdentityEnvironment $previous }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $result = $run.StdOut | ConvertFrom-Json
        $result.Status | Should -Be 200
        $result.Expires | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(30).ToUnixTimeSeconds())
        $identityCall = @(Get-EmulatorRequest -Path $Path)
        $identityCall.Count | Should -Be 1
        $identityCall[0].query | Should -Be $Query
        $identityCall[0].status | Should -Be 200
    }
}

Describe 'ARM account and deployment reads' {
    BeforeAll {
        $script:armToken = (New-EmulatorToken -Resource 'https://management.azure.com/').AccessToken
        $script:armHeaders = @{ Authorization = "Bearer $armToken" }
    }
    BeforeEach { Set-EmulatorScenario -Name healthy | Out-Null }

    It 'reads the account with its loopback endpoint and ARM request ids' {
        $r = Invoke-Emu -Method Get -Uri "$armAccount`?api-version=2024-10-01" -Headers ($armHeaders + @{ 'x-ms-correlation-request-id' = 'corr-1' })
        $r.StatusCode | Should -Be 200
        Get-Header $r 'x-ms-request-id' | Should -Match $guidPattern
        Get-Header $r 'x-ms-correlation-request-id' | Should -Be 'corr-1'
        $a = Get-Json $r
        $a.id | Should -Be "/subscriptions/$($emu.SubscriptionId)/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo"
        $a.name | Should -Be 'rtops-demo'
        $a.type | Should -Be 'Microsoft.CognitiveServices/accounts'
        $a.kind | Should -Be 'AIServices'
        $a.location | Should -Be 'swedencentral'
        $a.sku.name | Should -Be 'S0'
        $a.properties.endpoint | Should -Be "$base/"
        $a.properties.endpoints.'OpenAI Language Model Instance API' | Should -Be "$base/"
        $a.properties.provisioningState | Should -Be 'Succeeded'
    }

    It 'lists the deployments with model, sku, capacity and provisioning state' {
        $r = Invoke-Emu -Method Get -Uri "$armAccount/deployments?api-version=2024-10-01" -Headers $armHeaders
        $r.StatusCode | Should -Be 200
        $value = (Get-Json $r).value
        $value.name | Should -Be @('gpt-realtime', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'chat-gpt-4o', 'realtime-failed', 'realtime-nocapacity')
        $failed = $value | Where-Object name -eq 'realtime-failed'
        $failed.properties.provisioningState | Should -Be 'Failed'
        $failed.type | Should -Be 'Microsoft.CognitiveServices/accounts/deployments'
        ($value | Where-Object name -eq 'realtime-nocapacity').sku.capacity | Should -Be 0
        $chat = $value | Where-Object name -eq 'chat-gpt-4o'
        $chat.properties.model.format | Should -Be 'OpenAI'
        $chat.properties.model.name | Should -Be 'gpt-4o'
        $chat.properties.model.version | Should -Be '2024-11-20'
        $chat.sku.name | Should -Be 'Standard'
    }

    It 'reads one deployment, and the Central US account' {
        $d = Get-Json (Invoke-Emu -Method Get -Uri "$armAccount/deployments/gpt-4o-transcribe?api-version=2024-10-01" -Headers $armHeaders)
        $d.properties.model.name | Should -Be 'gpt-4o-transcribe'
        $central = "$base/subscriptions/$($emu.SubscriptionId)/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-centralus"
        (Get-Json (Invoke-Emu -Method Get -Uri "$central`?api-version=2024-10-01" -Headers $armHeaders)).location | Should -Be 'centralus'
        (Get-Json (Invoke-Emu -Method Get -Uri "$central/deployments?api-version=2024-10-01" -Headers $armHeaders)).value.name | Should -Be @('gpt-realtime', 'gpt-realtime-mini')
    }

    It 'answers 404 ResourceNotFound for <Case>' -ForEach @(
        @{ Case = 'an unknown account'; Path = 'resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/nope'; Name = 'nope'; Rg = 'rg-realtime'; Sub = $null }
        @{ Case = 'the wrong resource group'; Path = 'resourceGroups/rg-other/providers/Microsoft.CognitiveServices/accounts/rtops-demo'; Name = 'rtops-demo'; Rg = 'rg-other'; Sub = $null }
        @{ Case = 'another subscription'; Path = 'resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo'; Name = 'rtops-demo'; Rg = 'rg-realtime'; Sub = '11111111-1111-1111-1111-111111111111' }
    ) {
        $sub = if ($Sub) { $Sub } else { $emu.SubscriptionId }
        $r = Invoke-Emu -Method Get -Uri "$base/subscriptions/$sub/$Path/deployments?api-version=2024-10-01" -Headers $armHeaders
        $r.StatusCode | Should -Be 404
        (Get-Json $r).error.code | Should -Be 'ResourceNotFound'
        (Get-Json $r).error.message | Should -BeLike "The Resource 'Microsoft.CognitiveServices/accounts/$Name' under resource group '$Rg' was not found.*"
    }

    It 'answers 404 for an unknown deployment and 400 without api-version' {
        (Invoke-Emu -Method Get -Uri "$armAccount/deployments/nope?api-version=2024-10-01" -Headers $armHeaders).StatusCode | Should -Be 404
        $r = Invoke-Emu -Method Get -Uri $armAccount -Headers $armHeaders
        $r.StatusCode | Should -Be 400
        (Get-Json $r).error.code | Should -Be 'MissingApiVersionParameter'
    }

    It 'answers 401 <Code> for <Case>' -ForEach @(
        @{ Case = 'no token'; Code = 'InvalidAuthenticationToken'; Kind = 'none' }
        @{ Case = 'a token it never issued'; Code = 'InvalidAuthenticationToken'; Kind = 'forged' }
        @{ Case = 'a data-plane token'; Code = 'InvalidAuthenticationTokenAudience'; Kind = 'dataplane' }
        @{ Case = 'an api key'; Code = 'InvalidAuthenticationToken'; Kind = 'key' }
    ) {
        $headers = switch ($Kind) {
            'none' { @{} }
            'forged' { @{ Authorization = 'Bearer forged.token.value' } }
            'dataplane' { @{ Authorization = "Bearer $((New-EmulatorToken).AccessToken)" } }
            'key' { @{ 'api-key' = $emu.ApiKey } }
        }
        $r = Invoke-Emu -Method Get -Uri "$armAccount`?api-version=2024-10-01" -Headers $headers
        $r.StatusCode | Should -Be 401
        (Get-Json $r).error.code | Should -Be $Code
        Get-Header $r 'x-ms-request-id' | Should -Match $guidPattern
    }
}

Describe 'HTTPS mode (for clients that authenticate with tokens through Azure.Core)' -Tag Slow {
    BeforeAll {
        $script:tls = Start-RealtimeOpsEmulator -Https
    }
    AfterAll {
        if ($script:tls) { $script:tls | Stop-RealtimeOpsEmulator }
    }

    It 'listens on https://127.0.0.1 and writes its certificate for clients to trust' {
        $tls.BaseUri | Should -Match '^https://127\.0\.0\.1:\d+$'
        $tls.CertificatePath | Should -Exist
        $cert = [Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content -LiteralPath $tls.CertificatePath -Raw))
        $cert.Extensions | Where-Object { $_ -is [Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension] } |
            ForEach-Object { @($_.EnumerateIPAddresses()).IPAddressToString } | Should -Contain '127.0.0.1'
        (Invoke-RestMethod "$($tls.BaseUri)/_emulator/certificate" -SkipCertificateCheck -NoProxy) | Should -Match 'BEGIN CERTIFICATE'
        { Invoke-RestMethod "$($tls.BaseUri)/_emulator/health" -NoProxy -TimeoutSec 10 } | Should -Throw -Because 'the certificate is not trusted by default'
    }

    It 'serves Azure.Core''s bearer token policy with ManagedIdentityCredential, on the data plane and ARM, when SSL_CERT_FILE trusts it' {
        $script = @'
$ErrorActionPreference = 'Stop'
__LOAD_AZURE_IDENTITY__
$env:IDENTITY_ENDPOINT = '__ENDPOINT__'
$env:IDENTITY_HEADER = '__HEADER__'
$credential = [Azure.Identity.ManagedIdentityCredential]::new([Azure.Identity.ManagedIdentityId]::SystemAssigned)
function Send([string] $Scope, [string] $Method, [string] $Uri, [string] $Json) {
    $policy = [Azure.Core.Pipeline.BearerTokenAuthenticationPolicy]::new($credential, $Scope)
    $pipeline = [Azure.Core.Pipeline.HttpPipelineBuilder]::Build([Azure.Core.ClientOptions]::Default, [Azure.Core.Pipeline.HttpPipelinePolicy[]] @($policy))
    $request = $pipeline.CreateRequest()
    $request.Method = [Azure.Core.RequestMethod]::Parse($Method)
    $request.Uri.Reset([uri] $Uri)
    if ($Json) {
        $request.Headers.Add('Content-Type', 'application/json')
        $request.Content = [Azure.Core.RequestContent]::Create([Text.Encoding]::UTF8.GetBytes($Json))
    }
    $pipeline.SendRequest($request, [Threading.CancellationToken]::None).Status
}
[pscustomobject]@{
    Mint = Send 'https://cognitiveservices.azure.com/.default' 'POST' '__BASE__/openai/v1/realtime/client_secrets' '{"session":{"type":"realtime","model":"gpt-realtime"}}'
    Arm  = Send 'https://management.azure.com/.default' 'GET' '__BASE__/subscriptions/__SUB__/resourceGroups/__RG__/providers/Microsoft.CognitiveServices/accounts/__ACCOUNT__/deployments?api-version=2024-10-01' $null
} | ConvertTo-Json -Compress
'@
        $script = $script.Replace('__LOAD_AZURE_IDENTITY__', (Get-AzureIdentityLoadScript)).Replace('__ENDPOINT__', $tls.IdentityEndpoint).Replace('__HEADER__', $tls.IdentityHeader).
            Replace('__BASE__', $tls.BaseUri).Replace('__SUB__', $tls.SubscriptionId).Replace('__RG__', $tls.ResourceGroupName).Replace('__ACCOUNT__', $tls.AccountName)
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
        Clear-EmulatorRequest -Emulator $tls
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $tls.CertificatePath
        try { $run = Invoke-FreshPwsh -Script $script }
        finally { $env:SSL_CERT_FILE = $previous }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $result = $run.StdOut | ConvertFrom-Json
        $result.Mint | Should -Be 200
        $result.Arm | Should -Be 200
        $log = @(Get-EmulatorRequest -Emulator $tls)
        ($log | Where-Object path -eq '/msi/token').query | Should -Be @('api-version=2019-08-01&resource=https://cognitiveservices.azure.com', 'api-version=2019-08-01&resource=https://management.azure.com')
        ($log | Where-Object path -like '/openai/*').headers.Authorization | Should -Match '^Bearer .+'
    }
}
