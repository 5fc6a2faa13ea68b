import { QuestionSchema, type Difficulty, type Question } from '@interviewkit/core';
import type { ResumeProfile } from './resume-profile';

/**
 * Resume-based questions without a language model: one question per highlighted skill, project
 * and role, each with a reference answer describing what a strong answer contains and keywords
 * taken from the resume itself, so evaluation checks the candidate talks about their own work.
 */
export function resumeQuestions(profile: ResumeProfile, difficulty: Difficulty = 'medium'): Question[] {
  const out: Question[] = [];
  const depth =
    difficulty === 'hard'
      ? 'the trade-offs you weighed and what you would do differently now'
      : difficulty === 'easy'
        ? 'what you built and what you learned'
        : 'the hardest technical decision and its result';
  for (const project of profile.projects.slice(0, 4)) {
    out.push(
      QuestionSchema.parse({
        id: `resume-project-${slug(project.name)}`,
        text: `Your resume mentions the project "${project.name}". Walk me through it: the problem, your role, the architecture, and ${depth}.`,
        sessionType: 'mock_resume',
        topic: 'resume',
        kind: 'project',
        difficulty,
        referenceAnswer: `A strong answer explains the problem "${project.name}" solved and for whom, the candidate's own role and decisions, the architecture and technologies used${project.description ? ` (${project.description.slice(0, 300)})` : ''}, a concrete technical challenge and how it was solved, and a measurable result such as users, performance or time saved, ending with lessons learned.`,
        expectedKeywords: [
          { term: 'problem', synonyms: ['goal', 'challenge', 'needed'] },
          { term: 'my role', synonyms: ['i built', 'i designed', 'i led', 'i implemented', 'responsible'] },
          { term: 'architecture', synonyms: ['design', 'stack', 'components'] },
          { term: 'result', synonyms: ['impact', 'outcome', 'improved', 'users'] },
        ],
        concepts: ['project communication', 'ownership'],
        hint: 'Problem, your role, architecture, one hard decision, measurable result.',
        source: 'resume',
      }),
    );
  }
  for (const skill of profile.skills.slice(0, 6)) {
    out.push(
      QuestionSchema.parse({
        id: `resume-skill-${slug(skill)}`,
        text: `You list ${skill} as a skill. Describe a specific situation where you used ${skill} to solve a difficult problem, and what you would do differently today.`,
        sessionType: 'mock_resume',
        topic: 'resume',
        kind: 'skill',
        difficulty,
        referenceAnswer: `A strong answer names a concrete project where ${skill} was used, the difficult problem and why it was hard, the approach taken with ${skill} including specific features or techniques, how the result was verified, and a reflection on what would be done differently with today's knowledge.`,
        expectedKeywords: [
          { term: skill, synonyms: [] },
          { term: 'problem', synonyms: ['issue', 'challenge', 'bug'] },
          { term: 'approach', synonyms: ['solution', 'solved', 'implemented'] },
          { term: 'differently', synonyms: ['improve', 'lesson', 'learned'] },
        ],
        concepts: [skill.toLowerCase()],
        hint: `Pick one real situation where ${skill} mattered and be specific.`,
        source: 'resume',
      }),
    );
  }
  for (const role of profile.experience.slice(0, 3)) {
    const where = role.company ? ` at ${role.company}` : '';
    out.push(
      QuestionSchema.parse({
        id: `resume-role-${slug(`${role.title}-${role.company ?? ''}`)}`,
        text: `As ${role.title}${where}, what was your most significant contribution, and how did you measure its impact?`,
        sessionType: 'mock_resume',
        topic: 'resume',
        kind: 'experience',
        difficulty,
        referenceAnswer: `A strong answer describes one significant contribution as ${role.title}${where}${role.description ? ` (${role.description.slice(0, 200)})` : ''}: the situation, the candidate's specific actions, collaboration with others, and the impact measured with numbers such as revenue, latency, reliability or time saved.`,
        expectedKeywords: [
          { term: 'contribution', synonyms: ['i built', 'i led', 'delivered', 'responsible'] },
          { term: 'impact', synonyms: ['result', 'outcome', 'improved', 'reduced', 'increased'] },
          { term: 'measured', synonyms: ['metrics', 'percent', 'data', 'numbers'] },
          { term: 'team', synonyms: ['collaborated', 'stakeholders', 'colleagues'] },
        ],
        concepts: ['impact', 'ownership'],
        hint: 'One contribution, your actions, and numbers for the impact.',
        source: 'resume',
      }),
    );
  }
  return out;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'item'
  );
}
