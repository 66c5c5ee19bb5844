import { createRequire as __shipgateCreateRequire } from 'node:module'; const require = __shipgateCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-TATNHKZS.js";import"./chunk-LX5MRPG4.js";import"./chunk-2F25R75Y.js";import"./chunk-HZV6BYMK.js";import"./chunk-AHK5V45S.js";export{b as CONTENT_SECURITY_POLICY,a as PRINT_SCRIPT,d as escapeHtml,c as renderHtml};
