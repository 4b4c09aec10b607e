@{
    RootModule             = 'RealtimeOps.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f0f7c43-2f7e-4c5e-9a1b-5b8d2f4c1e7a'
    Author                 = 'RealtimeOps contributors'
    CompanyName            = 'RealtimeOps'
    Copyright              = '(c) RealtimeOps contributors. All rights reserved.'
    Description            = 'Operate Azure OpenAI Realtime speech and transcription from a prompt, a runbook or a pipeline: mint client secrets, validate session configurations offline, check deployments and regions, tell client mistakes from service faults with an A/B probe, and export a redacted support bundle.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('RealtimeOps.Format.ps1xml', 'RealtimeOps.Checks.Format.ps1xml', 'RealtimeOps.Live.Format.ps1xml', 'RealtimeOps.Fleet.Format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Connect-RealtimeOps'
        'ConvertTo-RealtimeGaConfig'
        'Disconnect-RealtimeOps'
        'Export-SupportBundle'
        'Find-RealtimeRegion'
        'Get-RealtimeDeployment'
        'Get-RealtimeExchange'
        'Get-RealtimeModel'
        'Get-RealtimeOpsContext'
        'Get-RealtimeSessionSchema'
        'Invoke-RealtimeProbe'
        'New-RealtimeClientSecret'
        'Test-RealtimeDeployment'
        'Test-RealtimeTranscription'
        'Test-TranscriptionConfig'
        'Find-RealtimeAccount'
        'Export-RealtimeFleetReport'
        'Split-RealtimeFleet'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Azure', 'OpenAI', 'Realtime', 'Transcription', 'Speech', 'AzureAutomation', 'AzureDevOps', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/realtimeops/RealtimeOps'
            LicenseUri   = 'https://github.com/realtimeops/RealtimeOps/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/realtimeops/RealtimeOps/blob/main/CHANGELOG.md'
        }
    }
}
